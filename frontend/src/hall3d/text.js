// Text drawn on canvases for the 3D hall's signs: wrapped on word boundaries (Chinese between
// characters), shrunk to fit, right-to-left for Arabic (the canvas shapes Arabic letters itself
// once `direction` is "rtl"), Vietnamese composed (NFC) so its stacked diacritics stay together.

export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';

const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;
const LETTER = /\p{L}/u;
const WIDE = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/;

/** Whether a text reads right to left: its first strong letter is Arabic or Hebrew. */
export function isRtl(text) {
  for (const character of text) {
    if (RTL_LETTER.test(character)) return true;
    if (LETTER.test(character)) return false;
  }
  return false;
}

const OPENING = /^[([{«‹“‘„¿¡\uFF08\u3008\u300A\u300C\u300E\u3010\u3014]+$/;
const CJK_PUNCTUATION = /^[\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20]$/;

let segmenter;

/**
 * Pieces a line may break after: words with the spaces and closing punctuation after them (an
 * opening bracket sticks to the next word); Chinese, Japanese and Korean per character.
 */
function pieces(text) {
  if (segmenter === undefined) {
    segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;
  }
  const segments = segmenter
    ? Array.from(segmenter.segment(text), (part) => part.segment)
    : text.match(/\S+|\s+/g) || [];
  const out = [];
  let prefix = "";
  for (const segment of segments) {
    const characters = WIDE.test(segment) ? Array.from(segment) : [segment];
    for (const piece of characters) {
      const attachBack = /^\s+$/.test(piece) || CJK_PUNCTUATION.test(piece) || (!LETTER.test(piece) && !/\d/.test(piece) && !OPENING.test(piece));
      if (OPENING.test(piece)) prefix += piece;
      else if (attachBack && out.length && !prefix) out[out.length - 1] += piece;
      else {
        out.push(prefix + piece);
        prefix = "";
      }
    }
  }
  if (prefix) out.push(prefix);
  return out;
}

function ellipsise(context, line, width) {
  let text = line.trimEnd();
  while (text && context.measureText(text + "…").width > width) text = Array.from(text).slice(0, -1).join("");
  return text + "…";
}

/** Lines of the text cut in `parts` no wider than `width`, at most `max` of them (the last cut with "…"). */
function wrap(context, parts, width, max) {
  const lines = [];
  let line = "";
  for (const piece of parts) {
    const candidate = line + piece;
    if (!line || context.measureText(candidate.trimEnd()).width <= width) {
      line = candidate;
      continue;
    }
    lines.push(line.trimEnd());
    line = piece.trimStart();
  }
  if (line.trim()) lines.push(line.trimEnd());
  const fits = lines.length <= max && lines.every((part) => context.measureText(part).width <= width);
  if (lines.length > max) lines.splice(max - 1, lines.length, ellipsise(context, lines.slice(max - 1).join(" "), width));
  return { lines: lines.map((part) => (context.measureText(part).width > width ? ellipsise(context, part, width) : part)), fits };
}

/**
 * Draw `text` centred in the box (x, y, width, height) of a 2D context, in at most `maxLines`
 * lines, with the largest font from `size` down to `minSize` that fits.
 */
export function drawText(context, text, box, { size, minSize, maxLines = 2, weight = 700, colour = "#1b1f24" }) {
  const clean = String(text || "").normalize("NFC").replace(/\s+/g, " ").trim();
  if (!clean) return;
  context.save();
  context.direction = isRtl(clean) ? "rtl" : "ltr";
  context.textAlign = "center";
  context.textBaseline = "middle";
  context.fillStyle = colour;
  const parts = pieces(clean);
  let chosen = null;
  for (let px = size; px >= minSize; px -= 2) {
    context.font = `${weight} ${px}px ${FONT_FAMILY}`;
    const lineHeight = px * 1.25;
    const fitted = wrap(context, parts, box.width, Math.max(1, Math.min(maxLines, Math.floor(box.height / lineHeight))));
    chosen = { px, lineHeight, lines: fitted.lines };
    if (fitted.fits) break;
  }
  context.font = `${weight} ${chosen.px}px ${FONT_FAMILY}`;
  const top = box.y + box.height / 2 - ((chosen.lines.length - 1) * chosen.lineHeight) / 2;
  chosen.lines.forEach((line, index) => context.fillText(line, box.x + box.width / 2, top + index * chosen.lineHeight));
  context.restore();
}

/** Two letters standing for a name where there is no logo (as on the 2D booth cards). */
export function initials(name) {
  const words = String(name || "").normalize("NFC").trim().split(/\s+/).filter(Boolean);
  const first = (word) => Array.from(word)[0] || "";
  if (words.length > 1 && !WIDE.test(words[0])) return (first(words[0]) + first(words[1])).toUpperCase();
  return Array.from(words[0] || "?").slice(0, 2).join("").toUpperCase();
}
