// SVG charts of the benchmark results (latency against the bcrypt floor, throughput against concurrency), as strings.
import type { LoadResult } from './load';

export interface Measurement {
  name: string;
  calls: number;
  median_ms: number;
  p95_ms: number;
  p99_ms: number;
  cpu_ms: number;
  /** Waits on DynamoDB per call: requests sent side by side are one (bench/round-trips.ts). */
  round_trips: number;
  /** DynamoDB requests per call. */
  requests: number;
}

const WIDTH = 720;
const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
const INK = '#1a1a1a';
const GRID = '#e2e2e2';
// Okabe–Ito hues, which also differ in lightness; each series has its own dash and marker so grayscale still reads.
const SERIES = [
  { colour: '#0072B2', dash: '', marker: 'circle' },
  { colour: '#D55E00', dash: '7 4', marker: 'square' },
  { colour: '#444444', dash: '2 3', marker: 'triangle' },
] as const;

export const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

// Two decimals keep the markup short and the output identical across runs.
const num = (n: number): string => String(Number(n.toFixed(2)));
const ms = (n: number): string => n.toFixed(1);

const linear = (d0: number, d1: number, r0: number, r1: number) => (v: number) =>
  d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);

/** Round ticks (steps of 1, 2 or 5 × 10^k) from 0 up to at least `max`; the last tick is the axis end. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = 0; t < max + step; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

const text = (x: number, y: number, content: string, attrs = ''): string =>
  `<text x="${num(x)}" y="${num(y)}"${attrs ? ` ${attrs}` : ''}>${escapeXml(content)}</text>`;

function svg(height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" font-family="${FONT}" font-size="12" fill="${INK}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    text(WIDTH / 2, 24, title, 'text-anchor="middle" font-size="15" font-weight="600"'),
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

export function latencyChart(results: Measurement[], floorMs: number): string {
  const rows = results.filter((r) => !r.name.startsWith('floor:'));
  const left = 170;
  const right = WIDTH - 70; // room for the median label after the longest whisker
  const top = 64;
  const rowHeight = 28;
  const bottom = top + Math.max(rows.length, 1) * rowHeight;
  const ticks = niceTicks(Math.max(floorMs, ...rows.map((r) => Math.max(r.median_ms, r.p95_ms))));
  const x = linear(0, ticks.at(-1)!, left, right);
  const body: string[] = [];

  for (const t of ticks) {
    body.push(`<line x1="${num(x(t))}" y1="${top}" x2="${num(x(t))}" y2="${bottom}" stroke="${GRID}"/>`);
    body.push(text(x(t), bottom + 18, String(t), 'text-anchor="middle"'));
  }
  body.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="${INK}"/>`);
  body.push(text((left + right) / 2, bottom + 38, 'milliseconds', 'text-anchor="middle"'));

  rows.forEach((r, i) => {
    const mid = top + i * rowHeight + rowHeight / 2;
    const end = x(r.median_ms);
    const whisker = x(r.p95_ms);
    body.push(
      `<g class="row" data-name="${escapeXml(r.name)}">`,
      text(left - 8, mid, r.name, 'text-anchor="end" dy="0.35em"'),
      `<rect class="bar" x="${left}" y="${num(mid - 8)}" width="${num(end - left)}" height="16" fill="${SERIES[0].colour}"/>`,
      `<line class="p95" x1="${num(end)}" y1="${num(mid)}" x2="${num(whisker)}" y2="${num(mid)}" stroke="${INK}" stroke-width="1.5"/>`,
      `<line class="p95" x1="${num(whisker)}" y1="${num(mid - 6)}" x2="${num(whisker)}" y2="${num(mid + 6)}" stroke="${INK}" stroke-width="1.5"/>`,
      text(Math.max(end, whisker) + 6, mid, `${ms(r.median_ms)} ms`, 'dy="0.35em"'),
      '</g>',
    );
  });

  const fx = x(floorMs);
  // The label grows away from the nearer edge so it is never clipped.
  const anchor = fx > (left + right) / 2 ? 'end' : 'start';
  body.push(
    `<line class="floor" x1="${num(fx)}" y1="${top - 12}" x2="${num(fx)}" y2="${bottom}" stroke="${SERIES[1].colour}" stroke-width="2" stroke-dasharray="6 4"/>`,
    text(
      fx + (anchor === 'end' ? -6 : 6),
      top - 4,
      `bcrypt compare floor (${ms(floorMs)} ms)`,
      `text-anchor="${anchor}" fill="${SERIES[1].colour}"`,
    ),
  );
  return svg(bottom + 52, 'Latency per endpoint (median, p95 whisker) against the bcrypt floor', body);
}

function marker(shape: (typeof SERIES)[number]['marker'], cx: number, cy: number, colour: string, attrs = ''): string {
  const extra = attrs ? `${attrs} ` : '';
  if (shape === 'circle') return `<circle ${extra}cx="${num(cx)}" cy="${num(cy)}" r="4.5" fill="${colour}"/>`;
  if (shape === 'square') return `<rect ${extra}x="${num(cx - 4)}" y="${num(cy - 4)}" width="8" height="8" fill="${colour}"/>`;
  return `<path ${extra}d="M${num(cx)} ${num(cy - 5.5)}L${num(cx + 5)} ${num(cy + 3.5)}L${num(cx - 5)} ${num(cy + 3.5)}Z" fill="${colour}"/>`;
}

export function throughputChart(load: LoadResult[]): string {
  const height = 420;
  const [left, right, top, bottom] = [72, WIDTH - 40, 84, height - 56];
  const endpoints = [...new Set(load.map((l) => l.endpoint))];
  // Concurrency doubles between runs, so a log2 axis spaces the runs evenly; ticks sit at the measured values.
  const connections = [...new Set(load.map((l) => l.connections))].sort((a, b) => a - b);
  const lo = Math.log2(connections[0] ?? 1);
  const hi = Math.log2(connections.at(-1) ?? 1);
  const x = (c: number) => linear(lo - 0.25, hi + 0.25, left, right)(Math.log2(c));
  const ticks = niceTicks(Math.max(0, ...load.map((l) => l.requests_per_s)) * 1.08);
  const y = linear(0, ticks.at(-1)!, bottom, top);
  const body: string[] = [];

  for (const t of ticks) {
    body.push(`<line x1="${left}" y1="${num(y(t))}" x2="${right}" y2="${num(y(t))}" stroke="${GRID}"/>`);
    body.push(text(left - 8, y(t), String(t), 'text-anchor="end" dy="0.35em"'));
  }
  for (const c of connections) {
    body.push(`<line x1="${num(x(c))}" y1="${bottom}" x2="${num(x(c))}" y2="${bottom + 5}" stroke="${INK}"/>`);
    body.push(text(x(c), bottom + 19, String(c), 'text-anchor="middle"'));
  }
  body.push(
    `<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="${INK}"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="${INK}"/>`,
    text((left + right) / 2, bottom + 42, 'concurrent connections (log₂ scale)', 'text-anchor="middle"'),
    text(0, 0, 'requests per second', `text-anchor="middle" transform="translate(20 ${num((top + bottom) / 2)}) rotate(-90)"`),
  );

  endpoints.forEach((endpoint, i) => {
    const style = SERIES[i % SERIES.length]!;
    const points = load.filter((l) => l.endpoint === endpoint).sort((a, b) => a.connections - b.connections);
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    const legendX = left + 12 + i * 150;
    body.push(
      `<g class="legend">`,
      `<line x1="${legendX}" y1="52" x2="${legendX + 34}" y2="52" stroke="${style.colour}" stroke-width="2.5"${dash}/>`,
      marker(style.marker, legendX + 17, 52, style.colour),
      text(legendX + 42, 52, endpoint, 'dy="0.35em"'),
      '</g>',
      `<g class="series" data-endpoint="${escapeXml(endpoint)}">`,
      `<polyline points="${points.map((p) => `${num(x(p.connections))},${num(y(p.requests_per_s))}`).join(' ')}" fill="none" stroke="${style.colour}" stroke-width="2.5"${dash}/>`,
      ...points.flatMap((p) => [
        marker(style.marker, x(p.connections), y(p.requests_per_s), style.colour, `class="point" data-connections="${p.connections}"`),
        text(x(p.connections), y(p.requests_per_s) - 10, p.requests_per_s.toFixed(1), 'text-anchor="middle" font-size="11"'),
      ]),
      '</g>',
    );
  });
  return svg(height, 'Throughput against concurrency (autocannon, local stack)', body);
}
