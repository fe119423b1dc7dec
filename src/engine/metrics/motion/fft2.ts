// A small radix-2 complex FFT for the motion metrics (phase correlation on
// frames of a few dozen pixels): 1-D and 2-D, in place on separate real and
// imaginary Float64Arrays. Lengths must be powers of two; `zeroPad2d` brings
// an image of any size onto such a grid.
//
// Conventions (as numpy.fft): forward X[k] = Σ_n x[n]·e^(−2πi·kn/N);
// inverse x[n] = (1/N)·Σ_k X[k]·e^(+2πi·kn/N), so inverse(forward(x)) = x.

export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/** The smallest power of two ≥ n (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`nextPowerOfTwo: ${n} is not a positive integer`);
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/**
 * In-place FFT of one complex sequence of power-of-two length: iterative
 * Cooley–Tukey, decimation in time (bit-reversal permutation, then butterflies
 * of growing span). `inverse` conjugates the twiddles and divides by n.
 */
export function fft1d(re: Float64Array, im: Float64Array, inverse = false): void {
  const n = re.length;
  if (im.length !== n) throw new RangeError(`fft1d: ${n} real and ${im.length} imaginary values`);
  if (!isPowerOfTwo(n)) throw new RangeError(`fft1d: length ${n} is not a power of two (zero-pad first)`);

  // Bit-reversal permutation: element i goes to the index with i's bits reversed.
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }

  // Butterflies: merge pairs of length-half transforms into length-`size` ones.
  const sign = inverse ? 1 : -1;
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const angle = (sign * 2 * Math.PI) / size;
    for (let k = 0; k < half; k++) {
      // Twiddle w = e^(±2πi·k/size), computed directly (no drifting recurrence).
      const wr = Math.cos(angle * k);
      const wi = Math.sin(angle * k);
      for (let start = 0; start < n; start += size) {
        const a = start + k;
        const b = a + half;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }

  if (inverse) {
    for (let i = 0; i < n; i++) {
      re[i] /= n;
      im[i] /= n;
    }
  }
}

/**
 * In-place 2-D FFT of a row-major height×width complex array (both sides
 * powers of two): a 1-D transform of every row, then of every column.
 */
export function fft2d(re: Float64Array, im: Float64Array, height: number, width: number, inverse = false): void {
  if (re.length !== height * width || im.length !== height * width) {
    throw new RangeError(`fft2d: ${re.length}/${im.length} values for ${height}×${width}`);
  }
  if (!isPowerOfTwo(height) || !isPowerOfTwo(width)) {
    throw new RangeError(`fft2d: ${height}×${width} is not a power-of-two grid (zero-pad first)`);
  }
  for (let y = 0; y < height; y++) {
    fft1d(re.subarray(y * width, (y + 1) * width), im.subarray(y * width, (y + 1) * width), inverse);
  }
  const colRe = new Float64Array(height);
  const colIm = new Float64Array(height);
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      colRe[y] = re[y * width + x];
      colIm[y] = im[y * width + x];
    }
    fft1d(colRe, colIm, inverse);
    for (let y = 0; y < height; y++) {
      re[y * width + x] = colRe[y];
      im[y * width + x] = colIm[y];
    }
  }
}

/**
 * A row-major height×width real array placed at the top-left of a
 * paddedHeight×paddedWidth grid of zeros (by default the next powers of two).
 */
export function zeroPad2d(
  values: ArrayLike<number>,
  height: number,
  width: number,
  paddedHeight = nextPowerOfTwo(height),
  paddedWidth = nextPowerOfTwo(width),
): { data: Float64Array; height: number; width: number } {
  if (values.length !== height * width)
    throw new RangeError(`zeroPad2d: ${values.length} values for ${height}×${width}`);
  if (paddedHeight < height || paddedWidth < width) {
    throw new RangeError(`zeroPad2d: cannot pad ${height}×${width} to the smaller ${paddedHeight}×${paddedWidth}`);
  }
  const data = new Float64Array(paddedHeight * paddedWidth);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data[y * paddedWidth + x] = values[y * width + x];
  }
  return { data, height: paddedHeight, width: paddedWidth };
}
