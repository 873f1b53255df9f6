/**
 * A flat cloth of any outline as a lattice: the cells of a square grid whose centres fall inside
 * a polygon, with the elements Rapier's square cloth generator makes for a full grid (structural
 * edges along both axes, both diagonals of every cell as shear edges, bending edges that skip one
 * particle), so a garment cut from the lattice behaves as the square cloth does.
 */

/** A polygon in the xy plane as [x, y] corners in order, metres. */
export type Outline = readonly (readonly [number, number])[];

/** A cloth lattice: particles in the xy plane and its elements, all as flat index arrays. */
export interface LatticeMesh {
  /** Particle positions [P, 2] in the plane, metres. */
  flat: Float32Array;
  /** Grid cell (column, row) of each particle [P, 2]. */
  cells: Int32Array;
  /** Surface triangles [T, 3], counter-clockwise seen from +z. */
  triangles: Uint32Array;
  /** Structural and shear edges [E, 2]. */
  edges: Uint32Array;
  /** Bending edges [B, 2]: particles two apart along a grid line whose both edges exist. */
  bendEdges: Uint32Array;
  /** Grid spacing, metres. */
  spacing: number;
}

/** Even-odd rule: is (x, y) inside the polygon? */
export function insideOutline(outline: Outline, x: number, y: number): boolean {
  let inside = false;
  for (let a = 0, b = outline.length - 1; a < outline.length; b = a++) {
    const [xa, ya] = outline[a],
      [xb, yb] = outline[b];
    if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

/**
 * The lattice of spacing `spacing` (m) filling `outline`, its grid centred on the outline's bounding
 * box. Cells meeting only at a corner are joined by filling one neighbour, so every
 * particle's cells share edges (a pinch point would hinge freely).
 */
export function latticeMesh(outline: Outline, spacing: number): LatticeMesh {
  const xs = outline.map((p) => p[0]),
    ys = outline.map((p) => p[1]);
  const nx = Math.ceil((Math.max(...xs) - Math.min(...xs)) / spacing),
    ny = Math.ceil((Math.max(...ys) - Math.min(...ys)) / spacing);
  // The grid is centred on the outline's box, so a mirror-symmetric outline gives a symmetric lattice.
  const x0 = (Math.min(...xs) + Math.max(...xs) - nx * spacing) / 2,
    y0 = (Math.min(...ys) + Math.max(...ys) - ny * spacing) / 2;
  const cell = new Uint8Array(nx * ny);
  const has = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && cell[i * ny + j] === 1;
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < ny; j++)
      if (insideOutline(outline, x0 + (i + 0.5) * spacing, y0 + (j + 0.5) * spacing)) cell[i * ny + j] = 1;
  for (let i = 0; i + 1 < nx; i++)
    for (let j = 0; j + 1 < ny; j++) {
      if (has(i, j) && has(i + 1, j + 1) && !has(i + 1, j) && !has(i, j + 1)) cell[(i + 1) * ny + j] = 1;
      if (has(i + 1, j) && has(i, j + 1) && !has(i, j) && !has(i + 1, j + 1)) cell[i * ny + j] = 1;
    }
  // Particle at lattice node (i, j), 0 ≤ i ≤ nx, 0 ≤ j ≤ ny, when one of its four cells is in.
  const node = new Int32Array((nx + 1) * (ny + 1)).fill(-1);
  const flat: number[] = [],
    cells: number[] = [];
  for (let i = 0; i <= nx; i++)
    for (let j = 0; j <= ny; j++)
      if (has(i, j) || has(i - 1, j) || has(i, j - 1) || has(i - 1, j - 1)) {
        node[i * (ny + 1) + j] = flat.length / 2;
        flat.push(x0 + i * spacing, y0 + j * spacing);
        cells.push(i, j);
      }
  const at = (i: number, j: number) => (i < 0 || j < 0 || i > nx || j > ny ? -1 : node[i * (ny + 1) + j]);
  // An edge along x from node (i, j) exists when a cell above or below it is in; along y likewise.
  const edgeX = (i: number, j: number) => has(i, j) || has(i, j - 1);
  const edgeY = (i: number, j: number) => has(i, j) || has(i - 1, j);
  const triangles: number[] = [],
    edges: number[] = [],
    bend: number[] = [];
  for (let i = 0; i <= nx; i++)
    for (let j = 0; j <= ny; j++) {
      const a = at(i, j);
      if (a < 0) continue;
      if (edgeX(i, j)) edges.push(a, at(i + 1, j));
      if (edgeY(i, j)) edges.push(a, at(i, j + 1));
      if (has(i, j)) {
        const b = at(i + 1, j),
          c = at(i, j + 1),
          d = at(i + 1, j + 1);
        edges.push(a, d, b, c);
        triangles.push(a, b, d, a, d, c);
      }
      if (edgeX(i, j) && edgeX(i + 1, j)) bend.push(a, at(i + 2, j));
      if (edgeY(i, j) && edgeY(i, j + 1)) bend.push(a, at(i, j + 2));
    }
  return {
    flat: Float32Array.from(flat),
    cells: Int32Array.from(cells),
    triangles: Uint32Array.from(triangles),
    edges: Uint32Array.from(edges),
    bendEdges: Uint32Array.from(bend),
    spacing,
  };
}
