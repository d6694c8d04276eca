// A number written left to right, split into its digits: strokes whose horizontal extents
// overlap (or meet) belong to one digit, so a 4 or a 5 written in two strokes stays one,
// while digits written side by side, even with their ink touching, stay apart.
import { strokeBounds, type Stroke } from './strokes.js';

/** A group shorter than this share of the tallest is a piece of a digit. */
const FRAGMENT = 0.4;

/** The most digits a drawing is read as; strokes beyond them join the last. */
export const MAX_DIGITS = 10;

/**
 * The strokes grouped into digits, left to right. `join` (pad units) is how far apart two
 * extents may be and still meet: a fraction of the pen, so lines that touch on screen
 * but were drawn side by side do not merge.
 */
export function groupDigits(strokes: readonly Stroke[], join = 0): Stroke[][] {
  const spans = strokes
    .filter((stroke) => stroke.length > 0)
    .map((stroke) => {
      const [left, , width] = strokeBounds([stroke]);
      return { stroke, left, right: left + width };
    })
    .sort((a, b) => a.left - b.left);
  const groups: { strokes: Stroke[]; left: number; right: number }[] = [];
  for (const span of spans) {
    const last = groups.at(-1);
    if (last && span.left <= last.right + join) {
      last.strokes.push(span.stroke);
      last.right = Math.max(last.right, span.right);
    } else groups.push({ strokes: [span.stroke], left: span.left, right: span.right });
  }
  // A piece much shorter than the number's tallest digit (a 5's bar written apart, a dot)
  // is part of the digit nearest it, not a digit of its own.
  const height = (group: (typeof groups)[number]) => strokeBounds(group.strokes)[3];
  const tallest = Math.max(0, ...groups.map(height));
  for (let i = 0; i < groups.length && groups.length > 1;) {
    if (height(groups[i]) >= FRAGMENT * tallest) {
      i++;
      continue;
    }
    const gapLeft = i > 0 ? groups[i].left - groups[i - 1].right : Infinity;
    const gapRight = i < groups.length - 1 ? groups[i + 1].left - groups[i].right : Infinity;
    const into = gapLeft <= gapRight ? i - 1 : i + 1;
    const [piece] = groups.splice(i, 1);
    const target = groups[into > i ? i : into];
    target.strokes.push(...piece.strokes);
    target.left = Math.min(target.left, piece.left);
    target.right = Math.max(target.right, piece.right);
    i = 0; // the merged group may now be tall enough, or still a piece
  }
  while (groups.length > MAX_DIGITS) {
    const extra = groups.pop()!;
    groups.at(-1)!.strokes.push(...extra.strokes);
  }
  return groups.map((group) => group.strokes);
}
