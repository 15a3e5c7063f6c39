import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { execa, execaSync } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { nightDigest } from '../helpers/digest-fixture.js';
import { escapeHtml, renderHtml } from '../../src/digest/render/index.js';

// The digest HTML rendered by a real browser engine (Debian's `chromium`), as a phone would show it.
const chromium = findChromium();
const required = process.env.SOLOOPS_REQUIRE_CHROMIUM === '1';
if (!chromium && !required)
  console.warn('skipping digest HTML browser tests: chromium is not on PATH (apt-get install chromium)');
const browserIt = chromium || required ? it : it.skip;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'soloops-digest-html-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function findChromium(): string | null {
  const found = execaSync('which', ['chromium'], { reject: false });
  return found.exitCode === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

/** Runs headless Chromium at phone width with its own profile, so parallel runs never share one. */
async function runChromium(args: string[], url: string): Promise<string> {
  if (!chromium) throw new Error('SOLOOPS_REQUIRE_CHROMIUM=1 but chromium is not on PATH');
  const profile = fs.mkdtempSync(path.join(dir, 'profile-'));
  const base = ['--headless', '--no-sandbox', '--disable-gpu', `--user-data-dir=${profile}`, '--window-size=390,2000'];
  const { stdout } = await execa(chromium, [...base, ...args, url], { timeout: 60_000 });
  return stdout;
}

function writePage(name: string, html: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, html);
  return pathToFileURL(file).href;
}

/**
 * Asks the page itself whether it is wider than 390 px, with every details block open. Headless
 * Chromium never makes its window narrower than 500 px (--window-size=390 is clamped for
 * --dump-dom; only --screenshot honours it), so the page is loaded into a 390 px wide srcdoc
 * iframe (same origin as its parent) and reports its answer as the parent's title.
 */
async function fitsWidth(html: string, name: string): Promise<string | undefined> {
  const probe =
    '<script>document.querySelectorAll("details").forEach((d) => { d.open = true; });' +
    'document.title = String(document.documentElement.scrollWidth <= window.innerWidth);' +
    'parent.document.title = document.title;</script>';
  const probed = html.replace('</body>', `${probe}</body>`);
  const frame =
    '<!DOCTYPE html><html><head><title>no answer</title></head><body style="margin:0">' +
    `<iframe width="390" height="2000" style="border:0" srcdoc="${escapeHtml(probed)}"></iframe></body></html>`;
  const dom = await runChromium(['--dump-dom'], writePage(name, frame));
  return /<title>([^<]*)<\/title>/.exec(dom)?.[1];
}

describe('digest HTML in headless Chromium', () => {
  browserIt('renders a page that is not blank at 390 px', async () => {
    const png = path.join(dir, 'digest.png');
    await runChromium(
      ['--hide-scrollbars', `--screenshot=${png}`],
      writePage('digest.html', renderHtml(nightDigest())),
    );
    const image = decodePng(fs.readFileSync(png));
    expect(image.width).toBe(390);
    const differing = countDiffering(image);
    expect(differing / (image.width * image.height)).toBeGreaterThan(0.01);
  });

  browserIt('never scrolls sideways at 390 px, even with every alert open', async () => {
    expect(await fitsWidth(renderHtml(nightDigest()), 'scroll.html')).toBe('true');
    // The probe must be able to fail, and at 390 px rather than the 500 px window.
    const wide =
      '<!DOCTYPE html><html><head><title>x</title></head><body><div style="width:450px">wide</div></body></html>';
    expect(await fitsWidth(wide, 'wide.html')).toBe('false');
  });
});

interface Png {
  width: number;
  height: number;
  channels: number;
  pixels: Buffer;
}

/** A minimal PNG decoder: 8-bit RGB or RGBA, not interlaced (what Chromium writes). */
function decodePng(file: Buffer): Png {
  expect(file.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  let width = 0,
    height = 0,
    channels = 0;
  const idat: Buffer[] = [];
  for (let pos = 8; pos < file.length; ) {
    const length = file.readUInt32BE(pos);
    const type = file.toString('latin1', pos + 4, pos + 8);
    const data = file.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [bitDepth, colourType, , , interlace] = data.subarray(8, 13);
      if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6) || interlace !== 0) {
        throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colourType}, interlace ${interlace}`);
      }
      channels = colourType === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + length; // length, type, data, CRC
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    if (filter > 4) throw new Error(`bad PNG filter type ${filter} on row ${y}`);
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
      pixels[y * stride + x] = (line[x]! + unfilter(filter, a, b, c)) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

/** The predictor for PNG filter types 0–4 (None, Sub, Up, Average, Paeth). */
function unfilter(filter: number, a: number, b: number, c: number): number {
  if (filter === 0) return 0;
  if (filter === 1) return a;
  if (filter === 2) return b;
  if (filter === 3) return (a + b) >> 1;
  const p = a + b - c;
  const pa = Math.abs(p - a),
    pb = Math.abs(p - b),
    pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Pixels whose RGB differs from the top-left one (the page background). */
function countDiffering({ width, height, channels, pixels }: Png): number {
  let count = 0;
  for (let i = 0; i < width * height * channels; i += channels) {
    if (pixels[i] !== pixels[0] || pixels[i + 1] !== pixels[1] || pixels[i + 2] !== pixels[2]) count++;
  }
  return count;
}
