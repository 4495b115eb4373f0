def never_opened():
    print("linted by Lint Workspace only")
