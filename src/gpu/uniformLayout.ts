/**
 * A shader's parameters declared once, in TypeScript: the fields of its
 * `struct Params` uniform and its compile-time constants. The WGSL side is
 * generated from the same declaration and prepended to the kernel source, so
 * a field's position or a constant's value cannot drift between host and
 * shader, and the packer writes each field by name at its computed offset.
 */

export type WgslScalar = 'u32' | 'i32' | 'f32';

/** Field name → type, in memory order (object keys keep insertion order for identifier-like names). */
export type UniformFields = Readonly<Record<string, WgslScalar>>;

/** Constant name → [type, value]. */
export type ShaderConsts = Readonly<Record<string, readonly [WgslScalar, number]>>;

/** Flags are u32 in WGSL (bool is not host-shareable), so a u32 field takes a boolean as 1 / 0. */
export type UniformValue<T extends WgslScalar> = T extends 'u32' ? number | boolean : number;

export type UniformValues<F extends UniformFields> = { readonly [K in keyof F]: UniformValue<F[K]> };

export interface ShaderParams<F extends UniformFields, C extends ShaderConsts> {
  /** `struct Params { … };` and one `const` per constant, to put before the kernel's own WGSL. */
  readonly wgsl: string;
  readonly consts: { readonly [K in keyof C]: number };
  /** Byte offset of each field in the uniform buffer. */
  readonly offsets: { readonly [K in keyof F]: number };
  /** Size of the buffer `pack` returns. */
  readonly byteSize: number;
  /** The uniform's bytes; every declared field is required and no other is accepted. */
  pack(values: UniformValues<F>): ArrayBuffer;
}

/** Size and alignment in WGSL's uniform address space (all scalars are 4 and 4). */
const SCALAR = { u32: { size: 4, align: 4 }, i32: { size: 4, align: 4 }, f32: { size: 4, align: 4 } } as const;

/**
 * Hosts have always padded uniforms to 16 bytes (std140's unit, and WGSL's
 * rounding for a uniform struct nested in another); it costs at most 12 bytes.
 */
const UNIFORM_BLOCK = 16;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const INT_RANGE = { u32: [0, 0xffffffff], i32: [-0x80000000, 0x7fffffff] } as const;

export function shaderParams<const F extends UniformFields, const C extends ShaderConsts = Record<never, never>>(decl: {
  readonly params: F;
  readonly consts?: C;
}): ShaderParams<F, C> {
  const fields = Object.entries(decl.params);
  const consts = Object.entries(decl.consts ?? {});
  if (fields.length === 0) throw new RangeError('struct Params needs at least one field');
  for (const [name, type] of [...fields, ...consts.map(([n, [t]]) => [n, t] as const)]) {
    if (!IDENTIFIER.test(name) || name.startsWith('__')) throw new RangeError(`"${name}" is not a WGSL identifier`);
    if (!(type in SCALAR)) throw new RangeError(`${name}: unsupported type ${type}`);
  }

  const offsets: Record<string, number> = {};
  let end = 0;
  for (const [name, type] of fields) {
    const offset = roundUp(end, SCALAR[type].align);
    offsets[name] = offset;
    end = offset + SCALAR[type].size;
  }
  const byteSize = roundUp(end, UNIFORM_BLOCK);

  const wgsl = [
    'struct Params {',
    ...fields.map(([name, type]) => `  ${name}: ${type},`),
    '};',
    ...consts.map(([name, [type, value]]) => `const ${name}: ${type} = ${literal(name, type, value)};`),
    '',
  ].join('\n');

  return {
    wgsl,
    consts: Object.fromEntries(consts.map(([name, [, value]]) => [name, value])) as ShaderParams<F, C>['consts'],
    offsets: offsets as ShaderParams<F, C>['offsets'],
    byteSize,
    pack(values) {
      for (const name of Object.keys(values)) {
        if (!(name in offsets)) throw new RangeError(`Params has no field "${name}"`);
      }
      const data = new ArrayBuffer(byteSize);
      const view = new DataView(data);
      for (const [name, type] of fields) {
        const raw = (values as Record<string, number | boolean | undefined>)[name];
        if (raw === undefined) throw new RangeError(`Params field "${name}" is missing`);
        const value = checked(name, type, typeof raw === 'boolean' && type === 'u32' ? +raw : raw);
        // WebGPU reads buffers little-endian on every platform.
        if (type === 'u32') view.setUint32(offsets[name], value, true);
        else if (type === 'i32') view.setInt32(offsets[name], value, true);
        else view.setFloat32(offsets[name], value, true);
      }
      return data;
    },
  };
}

/** Integers must be in range: typed-array wrapping would hide a negative count or a fraction. */
function checked(name: string, type: WgslScalar, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${name}: expected a number for ${type}, got ${typeof value}`);
  if (type === 'f32') {
    if (Number.isNaN(value)) throw new RangeError(`${name}: NaN is not a valid f32 parameter`);
    return value;
  }
  const [lo, hi] = INT_RANGE[type];
  if (!Number.isInteger(value) || value < lo || value > hi) throw new RangeError(`${name}: ${value} is not a ${type}`);
  return value;
}

/** The declared type converts the abstract literal, so plain decimal text serves every type. */
function literal(name: string, type: WgslScalar, value: number): string {
  if (!Number.isFinite(checked(name, type, value))) throw new RangeError(`${name}: WGSL has no literal for ${value}`);
  return String(value);
}

function roundUp(n: number, multiple: number): number {
  return Math.ceil(n / multiple) * multiple;
}
