// Draws the extension icon (images/icon.png, 128x128): three stacked layers
// (the standard stack) and a check mark, on a rounded dark-blue square.
// Shapes are sampled 4x4 per pixel for smooth edges; the PNG is written with
// node's zlib, so no image tool is needed. Run: node scripts/draw-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SAMPLES = 4;

const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const segment = (ax, ay, bx, by, width) => (x, y) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= (width / 2) ** 2;
};
const union = (...shapes) => (x, y) => shapes.some((shape) => shape(x, y));

// Painted in order, later shapes on top; coordinates in a 128-unit square.
const LAYERS = [
  { color: [31, 58, 95], shape: roundedRect(4, 4, 124, 124, 20) },
  { color: [159, 208, 247], shape: roundedRect(34, 27, 94, 45, 5) },
  { color: [111, 182, 238], shape: roundedRect(28, 52, 100, 70, 5) },
  { color: [79, 157, 222], shape: roundedRect(22, 77, 106, 95, 5) },
  { color: [255, 212, 59], shape: union(segment(66, 103, 80, 115, 10), segment(80, 115, 110, 82, 10)) },
];

const pixels = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  pixels[y * (SIZE * 4 + 1)] = 0; // PNG filter type: none.
  for (let x = 0; x < SIZE; x++) {
    let [r, g, b, a] = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const px = x + (sx + 0.5) / SAMPLES;
        const py = y + (sy + 0.5) / SAMPLES;
        const top = LAYERS.findLast((layer) => layer.shape(px, py));
        if (!top) continue;
        r += top.color[0];
        g += top.color[1];
        b += top.color[2];
        a += 1;
      }
    }
    const at = y * (SIZE * 4 + 1) + 1 + x * 4;
    // Colours are averaged over covered samples only; coverage becomes alpha (straight, not premultiplied).
    pixels[at] = a ? Math.round(r / a) : 0;
    pixels[at + 1] = a ? Math.round(g / a) : 0;
    pixels[at + 2] = a ? Math.round(b / a) : 0;
    pixels[at + 3] = Math.round((255 * a) / SAMPLES ** 2);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace.
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(pixels, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('../images/icon.png', import.meta.url), png);
