FROM python:3.9
ENV QUEUE_TOKEN=not-a-real-token
CMD ["python", "-m", "app.worker"]
