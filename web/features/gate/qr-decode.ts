/**
 * Reading a QR code from a camera frame or a photo: the browser's BarcodeDetector where it has one
 * (Chrome on Android), else jsQR on a canvas. jsQR is loaded on first use and kept.
 */

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource | ImageBitmap): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

let detector: Promise<BarcodeDetectorLike | null> | null = null;

/** The native QR detector, or null when the browser has none that reads QR codes. */
export function nativeDetector(): Promise<BarcodeDetectorLike | null> {
  if (!detector) {
    detector = (async () => {
      const Ctor = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
      if (!Ctor) return null;
      try {
        const formats = await Ctor.getSupportedFormats();
        return formats.includes('qr_code') ? new Ctor({ formats: ['qr_code'] }) : null;
      } catch {
        return null;
      }
    })();
  }
  return detector;
}

type JsQr = typeof import('jsqr').default;
let jsqr: Promise<JsQr> | null = null;

export function loadJsQr(): Promise<JsQr> {
  if (!jsqr) {
    jsqr = import('jsqr').then((m) => m.default);
    jsqr.catch(() => {
      jsqr = null;
    });
  }
  return jsqr;
}

/** Reads the code in the middle of a canvas with jsQR. */
async function jsQrOn(
  canvas: HTMLCanvasElement,
  inversion: 'dontInvert' | 'attemptBoth',
): Promise<string | null> {
  const decode = await loadJsQr();
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  return decode(image.data, image.width, image.height, { inversionAttempts: inversion })?.data ?? null;
}

/** Draws a source scaled so its longer side is at most `max` pixels. */
function drawScaled(
  canvas: HTMLCanvasElement,
  source: CanvasImageSource,
  width: number,
  height: number,
  max: number,
) {
  const scale = Math.min(1, max / Math.max(width, height));
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  canvas.getContext('2d', { willReadFrequently: true })?.drawImage(source, 0, 0, canvas.width, canvas.height);
}

/** One attempt on the current video frame. */
export async function decodeFrame(
  video: HTMLVideoElement,
  canvas: HTMLCanvasElement,
): Promise<string | null> {
  if (video.readyState < 2 || video.videoWidth === 0) return null;
  const native = await nativeDetector();
  if (native) {
    const found = await native.detect(video).catch(() => []);
    return found[0]?.rawValue ?? null;
  }
  drawScaled(canvas, video, video.videoWidth, video.videoHeight, 720);
  return jsQrOn(canvas, 'dontInvert');
}

/** Reads a code from a photo (the camera app's picture, or a saved image). */
export async function decodeImageFile(file: Blob): Promise<string | null> {
  const bitmap = await createImageBitmap(file);
  try {
    const native = await nativeDetector();
    if (native) {
      const found = await native.detect(bitmap).catch(() => []);
      if (found[0]) return found[0].rawValue;
    }
    const canvas = document.createElement('canvas');
    // Phone photos are large; a QR code filling part of the frame reads well at these sizes.
    for (const max of [1280, 800, 2000]) {
      drawScaled(canvas, bitmap, bitmap.width, bitmap.height, max);
      const text = await jsQrOn(canvas, 'attemptBoth');
      if (text) return text;
    }
    return null;
  } finally {
    bitmap.close();
  }
}
