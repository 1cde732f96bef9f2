// A small SVG line chart of sign time against file count, without dependencies.

const SERIES = [
  { key: 'oursMs', label: 'this action', color: '#6f42c1' },
  { key: 'parallelMs', label: 'sigstore.sign() in parallel', color: '#0a7ea4' },
  { key: 'sequentialMs', label: 'sigstore.sign() sequential', color: '#d1242f' },
];

export function chartSVG(rows, latencyMs) {
  const width = 640;
  const height = 380;
  const m = { left: 60, right: 20, top: 40, bottom: 50 };
  const maxX = Math.max(...rows.map((r) => r.files));
  const maxY = Math.max(...rows.flatMap((r) => SERIES.map((s) => r[s.key]))) / 1000;
  const x = (files) => m.left + (files / maxX) * (width - m.left - m.right);
  const y = (seconds) => height - m.bottom - (seconds / maxY) * (height - m.top - m.bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">Time to sign N files (${latencyMs} ms per request, median)</text>`,
    `<line x1="${m.left}" y1="${height - m.bottom}" x2="${width - m.right}" y2="${height - m.bottom}" stroke="black"/>`,
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${height - m.bottom}" stroke="black"/>`,
    `<text x="${width / 2}" y="${height - 12}" text-anchor="middle">files</text>`,
    `<text x="16" y="${height / 2}" text-anchor="middle" transform="rotate(-90 16 ${height / 2})">seconds</text>`,
  ];
  for (const r of rows) {
    parts.push(
      `<text x="${x(r.files)}" y="${height - m.bottom + 16}" text-anchor="middle">${r.files}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const v = (maxY * i) / 4;
    parts.push(
      `<text x="${m.left - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(v < 10 ? 1 : 0)}</text>`,
    );
    parts.push(
      `<line x1="${m.left}" y1="${y(v)}" x2="${width - m.right}" y2="${y(v)}" stroke="#ddd"/>`,
    );
  }
  SERIES.forEach((s, i) => {
    const points = rows
      .map((r) => `${x(r.files).toFixed(1)},${y(r[s.key] / 1000).toFixed(1)}`)
      .join(' ');
    parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points}"/>`);
    for (const r of rows)
      parts.push(`<circle cx="${x(r.files)}" cy="${y(r[s.key] / 1000)}" r="3" fill="${s.color}"/>`);
    parts.push(
      `<rect x="${m.left + 10}" y="${m.top + i * 18}" width="12" height="12" fill="${s.color}"/>`,
    );
    parts.push(`<text x="${m.left + 28}" y="${m.top + i * 18 + 10}">${s.label}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}
