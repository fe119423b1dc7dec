/** The studio's version, written into every recipe (kept equal to package.json's by studioVersion.test.ts). */
export const STUDIO_VERSION = '0.1.0';
