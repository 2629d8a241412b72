import { create } from 'qrcode';
import { useMemo } from 'react';

/** A QR code as one SVG path: crisp at any print size, drawn synchronously, no canvas or data URL. */
export function QrSvg({ text, size, label }: { text: string; size: string; label: string }) {
  const { d, n } = useMemo(() => {
    const { modules } = create(text, { errorCorrectionLevel: 'M' });
    const parts: string[] = [];
    for (let y = 0; y < modules.size; y++)
      for (let x = 0; x < modules.size; x++) if (modules.get(x, y)) parts.push(`M${x} ${y}h1v1h-1z`);
    return { d: parts.join(''), n: modules.size };
  }, [text]);
  // Two modules of quiet zone: the card around it is blank paper anyway.
  return (
    <svg
      viewBox={`-2 -2 ${n + 4} ${n + 4}`}
      width={size}
      height={size}
      role="img"
      aria-label={label}
      shapeRendering="crispEdges"
    >
      <path d={d} fill="#000" />
    </svg>
  );
}
