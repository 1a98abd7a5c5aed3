import { describe, expect, it } from 'vitest';
import { latencyChart, throughputChart, type Measurement } from '../../../bench/charts';
import type { LoadResult } from '../../../bench/load';

const measurement = (name: string, median_ms: number, p95_ms = median_ms * 1.2): Measurement => ({
  name,
  calls: 10,
  median_ms,
  p95_ms,
  p99_ms: p95_ms,
  cpu_ms: median_ms,
  round_trips: 1,
  requests: 1,
});

const load = (endpoint: string, connections: number, requests_per_s: number): LoadResult => ({
  endpoint,
  connections,
  requests_per_s,
  p50_ms: 1,
  p90_ms: 2,
  p99_ms: 3,
  errors: 0,
});

const results = [
  measurement('floor: bcrypt compare', 76.1),
  measurement('floor: DynamoDB Local GetItem', 4.42),
  measurement('register', 103.68, 120.89),
  measurement('login', 90.13, 112.26),
  measurement('refresh', 3.93, 8.54),
  measurement('logout', 7.48, 16.39),
];

const loads = [
  load('login', 8, 15.8),
  load('refresh', 16, 219.4),
  load('login', 1, 9.6),
  load('refresh', 1, 162.4),
  load('login', 2, 18.4),
  load('refresh', 4, 235.6),
];

/** Every opened element is closed in order, and no text holds a raw `<` or `&` that is not an entity. */
function expectWellFormed(svg: string): void {
  expect(svg.startsWith('<svg ')).toBe(true);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
  expect(svg).toMatch(/ width="\d+" height="\d+"/);
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)(?:\s[^<>]*?)?(\/?)>/g)) {
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(stack).toEqual([]);
  const outsideTags = svg.replace(/<[^<>]*>/g, '');
  expect(outsideTags).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
}

const attr = (tag: string, name: string): number => Number(new RegExp(`\\s${name}="([^"]+)"`).exec(tag)![1]);

describe('latencyChart', () => {
  it('renders a well-formed standalone SVG with the title', () => {
    const svg = latencyChart(results, 76.1);
    expectWellFormed(svg);
    expect(svg).toContain('Latency per endpoint (median, p95 whisker) against the bcrypt floor');
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it('labels each endpoint with its median in ms to one decimal, and leaves the floors out', () => {
    const svg = latencyChart(results, 76.1);
    for (const [name, median] of [
      ['register', '103.7'],
      ['login', '90.1'],
      ['refresh', '3.9'],
      ['logout', '7.5'],
    ]) {
      expect(svg).toContain(`>${name}</text>`);
      expect(svg).toContain(`>${median} ms</text>`);
    }
    expect(svg).not.toContain('floor: ');
    expect(svg.match(/class="bar"/g)).toHaveLength(4);
  });

  it('draws a p95 tick further right than the end of its median bar', () => {
    const row = latencyChart([measurement('login', 90, 112)], 76.1).split('<g class="row"')[1]!;
    const bar = /<rect class="bar"[^>]*>/.exec(row)![0];
    const ticks = [...row.matchAll(/<line class="p95"[^>]*>/g)].map((m) => attr(m[0], 'x2'));
    expect(Math.max(...ticks)).toBeGreaterThan(attr(bar, 'x') + attr(bar, 'width'));
  });

  it('puts the floor line where a bar whose median equals the floor ends', () => {
    const svg = latencyChart([...results, measurement('at the floor', 76.1)], 76.1);
    const row = svg.split('data-name="at the floor"')[1]!;
    const bar = /<rect class="bar"[^>]*>/.exec(row)![0];
    const floor = /<line class="floor"[^>]*>/.exec(svg)![0];
    expect(attr(floor, 'x1')).toBe(attr(floor, 'x2'));
    expect(attr(floor, 'x1')).toBeCloseTo(attr(bar, 'x') + attr(bar, 'width'), 1);
    expect(svg).toContain('>bcrypt compare floor (76.1 ms)</text>');
  });

  it('escapes XML special characters in endpoint names', () => {
    const svg = latencyChart([measurement(`a<b> & "c" 'd'`, 5)], 76.1);
    expectWellFormed(svg);
    expect(svg).toContain('a&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;');
    expect(svg).not.toContain('a<b>');
  });

  it('gives the same output for the same input', () => {
    expect(latencyChart(results, 76.1)).toBe(latencyChart(results, 76.1));
  });
});

describe('throughputChart', () => {
  it('renders a well-formed standalone SVG with the title and a legend entry per endpoint', () => {
    const svg = throughputChart(loads);
    expectWellFormed(svg);
    expect(svg).toContain('Throughput against concurrency (autocannon, local stack)');
    expect(svg.match(/<g class="legend">/g)).toHaveLength(2);
    expect(svg).toContain('>login</text>');
    expect(svg).toContain('>refresh</text>');
  });

  it('orders each line by connections, left to right, whatever the input order', () => {
    const svg = throughputChart(loads);
    for (const [endpoint, expected] of [
      ['login', [1, 2, 8]],
      ['refresh', [1, 4, 16]],
    ] as const) {
      const series = svg.split(`data-endpoint="${endpoint}"`)[1]!.split('</g>')[0]!;
      const points = [...series.matchAll(/<circle class="point"[^>]*>|<rect class="point"[^>]*>/g)].map((m) => m[0]);
      expect(points.map((p) => attr(p, 'data-connections'))).toEqual(expected);
      const xs = /points="([^"]+)"/
        .exec(series)![1]!
        .split(' ')
        .map((pair) => Number(pair.split(',')[0]));
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      expect(new Set(xs).size).toBe(xs.length);
    }
  });

  it('places the same connection count at the same x for every endpoint', () => {
    const svg = throughputChart(loads);
    const firstX = (endpoint: string) => Number(/points="([\d.]+),/.exec(svg.split(`data-endpoint="${endpoint}"`)[1]!)![1]);
    expect(firstX('login')).toBe(firstX('refresh'));
  });

  it('labels every point with its requests per second and every measured connection count on the axis', () => {
    const svg = throughputChart(loads);
    for (const l of loads) expect(svg).toContain(`>${l.requests_per_s.toFixed(1)}</text>`);
    for (const c of [1, 2, 4, 8, 16]) expect(svg).toContain(`>${c}</text>`);
  });

  it('escapes XML special characters in endpoint names', () => {
    const svg = throughputChart([load('me & <you>', 1, 10)]);
    expectWellFormed(svg);
    expect(svg).toContain('me &amp; &lt;you&gt;');
  });
});
