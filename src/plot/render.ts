/**
 * Rendering of figures: a Vega-Lite specification is compiled with vega-lite, drawn as SVG by
 * Vega's headless SVG renderer, and rasterized to PNG with resvg. The three libraries are loaded
 * on first use (dynamic import), so that code paths without figures never load them.
 *
 * @packageDocumentation
 */
import { writeFileSync } from 'node:fs';
import { ConfigError, invalid } from '../errors';

/** A figure as SVG text and PNG bytes. */
export interface RenderedFigure {
  /** The SVG document. */
  readonly svg: string;
  /** The PNG image. */
  readonly png: Uint8Array;
}

/** Options of {@link renderVegaLite}. */
export interface RenderOptions {
  /** PNG pixels per SVG pixel (default 2). */
  readonly scale?: number;
  /** Font family for text in the PNG (default 'DejaVu Sans'; system fonts are searched). */
  readonly fontFamily?: string;
}

/** A Vega-Lite specification (a plain JSON object). */
export type VegaLiteSpec = { readonly [key: string]: unknown };

interface Libraries {
  compile: (spec: unknown) => { spec: unknown };
  parse: (spec: unknown) => unknown;
  View: new (runtime: unknown, options: { renderer: string }) => { toSVG(): Promise<string>; finalize(): void };
  Resvg: new (svg: string, options: unknown) => { render(): { asPng(): Uint8Array } };
}

let libraries: Promise<Libraries> | null = null;

function load(): Promise<Libraries> {
  libraries ??= (async () => {
    const [vl, vega, resvg] = await Promise.all([import('vega-lite'), import('vega'), import('@resvg/resvg-js')]);
    return {
      compile: vl.compile as unknown as Libraries['compile'],
      parse: vega.parse as unknown as Libraries['parse'],
      View: vega.View as unknown as Libraries['View'],
      Resvg: resvg.Resvg as unknown as Libraries['Resvg'],
    };
  })();
  return libraries;
}

/**
 * Renders a Vega-Lite specification to SVG and PNG. Data must be inline (`data.values`): nothing
 * is fetched.
 *
 * @param spec - the Vega-Lite specification.
 * @param options - PNG scale and font.
 * @returns the SVG text and the PNG bytes.
 * @throws {@link ConfigError} for a spec that is not an object, one that vega-lite cannot
 *   compile, or bad options.
 *
 * @example
 * ```ts
 * import { renderVegaLite } from 'lorentz-irreps';
 * const figure = await renderVegaLite({
 *   data: { values: [{ x: 0, y: 1 }, { x: 1, y: 3 }] },
 *   mark: 'line',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
 * });
 * console.assert(figure.svg.startsWith('<svg') && figure.png[1] === 0x50); // "PNG"
 * ```
 */
export async function renderVegaLite(spec: VegaLiteSpec, options: RenderOptions = {}): Promise<RenderedFigure> {
  const fn = 'renderVegaLite';
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new ConfigError(invalid(fn, 'spec', 'a Vega-Lite specification object', spec));
  const scale = options.scale ?? 2;
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) throw new ConfigError(invalid(fn, 'options.scale', 'a finite number > 0', scale));
  const fontFamily = options.fontFamily ?? 'DejaVu Sans';
  const lib = await load();
  let compiled: unknown;
  try {
    compiled = lib.compile({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', background: 'white', ...spec }).spec;
  } catch (e) {
    throw new ConfigError(invalid(fn, 'spec', `a specification vega-lite compiles (${(e as Error).message})`, Object.keys(spec)));
  }
  const view = new lib.View(lib.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const png = new lib.Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      font: { loadSystemFonts: true, defaultFontFamily: fontFamily, sansSerifFamily: fontFamily },
    })
      .render()
      .asPng();
    return { svg, png };
  } finally {
    view.finalize();
  }
}

/**
 * Renders `spec` and writes `<path>.svg` and `<path>.png`.
 *
 * @param path - the output path without extension; its folder must exist.
 * @param spec - the Vega-Lite specification.
 * @param options - as {@link renderVegaLite}.
 * @returns the two file paths.
 * @throws as {@link renderVegaLite}; file-system errors.
 *
 * @example
 * ```ts
 * import { writeFigure } from 'lorentz-irreps';
 * import { existsSync } from 'node:fs';
 * import { mkdtempSync, rmSync } from 'node:fs';
 * import { tmpdir } from 'node:os';
 * import { join } from 'node:path';
 * const dir = mkdtempSync(join(tmpdir(), 'figure-'));
 * const spec = { data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } };
 * const paths = await writeFigure(join(dir, 'dot'), spec);
 * console.assert(existsSync(paths.svg) && existsSync(paths.png) && paths.png.endsWith('dot.png'));
 * rmSync(dir, { recursive: true });
 * ```
 */
export async function writeFigure(path: string, spec: VegaLiteSpec, options: RenderOptions = {}): Promise<{ svg: string; png: string }> {
  const figure = await renderVegaLite(spec, options);
  writeFileSync(`${path}.svg`, figure.svg);
  writeFileSync(`${path}.png`, figure.png);
  return { svg: `${path}.svg`, png: `${path}.png` };
}
