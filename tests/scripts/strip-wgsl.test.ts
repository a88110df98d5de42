/** The build step that empties deck.gl's and luma.gl's WGSL shader texts (vite.config.ts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripWgsl } from '../../scripts/strip-wgsl.ts';

describe('stripWgsl', () => {
  it('empties only the template literals marked wgsl, whatever they contain', () => {
    const code = [
      'const glsl = /* glsl */ `void main() {}`;',
      'const a = /* wgsl */ `fn f() -> f32 { return 1.0; }`;',
      'const b = /* wgsl */`struct S { x: ${"}"} y: ${`nested ${ {a: 1}.a }`} }` + tail;',
      "const c = /* wgsl */ `escaped \\` tick and \\${not} an expression ${'}'}`;",
      'const d = /* wgsl */ notATemplate;',
    ].join('\n');
    const { code: out, stripped } = stripWgsl(code);
    expect(stripped).toBe(3);
    expect(out.split('\n')).toEqual([
      'const glsl = /* glsl */ `void main() {}`;',
      'const a = /* wgsl */ ``;',
      'const b = /* wgsl */`` + tail;',
      'const c = /* wgsl */ ``;',
      'const d = /* wgsl */ notATemplate;',
    ]);
  });

  it('refuses a literal it cannot close, or a marker inside a literal, instead of cutting code', () => {
    expect(() => stripWgsl('const a = /* wgsl */ `fn f() {')).toThrow(/unclosed/);
    expect(() => stripWgsl('const a = /* wgsl */ `x ${/* wgsl */ `y`}`;')).toThrow(/emptied 1/);
  });

  it("empties deck.gl's arc shaders for WebGPU and leaves the WebGL ones", () => {
    const layers = join(import.meta.dirname, '..', '..', 'node_modules', '@deck.gl', 'layers');
    const read = (file: string) => readFileSync(join(layers, 'dist', 'arc-layer', file), 'utf8');
    const wgsl = stripWgsl(read('arc-layer.wgsl.js'));
    expect(wgsl.stripped).toBe(1);
    expect(wgsl.code).toContain('export const shaderWGSL = /* wgsl */ ``;');
    const glsl = read('arc-layer-vertex.glsl.js');
    expect(stripWgsl(glsl)).toEqual({ code: glsl, stripped: 0 });
  });
});
