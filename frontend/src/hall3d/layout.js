// Where everything stands in the 3D hall, computed from the exhibition JSON without three.js, so the
// order of booths is decided once: the walk order of the Tab key, of the booth links and of the
// stands. Units are metres; the floor is y = 0; every stand faces +z (towards the entrance).
//
// Halls stand side by side. In a hall, pavilions are zones packed in rows (shelf packing) in the
// order organisers gave them; a zone's footprint grows with its pavilion's tier (size) and with
// its number of booths. Booths without a pavilion get a zone of their own; pavilions outside any
// hall go to a last hall, as in the 2D exhibition. Pavilions without a published booth are left
// out, like empty halls.

export const STAND = {
  spacing: 3.6, // from one stand's centre to the next, along a row
  rowDepth: 7, // from one row of stands to the row behind it: an aisle wide enough to stand in
  front: 5, // open floor in front of a zone's first row
  margin: 0.8, // zone floor beyond the outer stands
};
const TIERS = { small: { cols: 3, rows: 1 }, medium: { cols: 4, rows: 1 }, large: { cols: 5, rows: 2 } };
const ZONE_GAP = 4; // between zones in a row
const AISLE = 6; // between rows of zones
const HALL_MARGIN = 4;
const HALL_ENTRANCE = 6; // open floor in front of a hall's first row of zones
const HALL_GAP = 12;

const NATIONAL = ["#0b57a4", "#1e6b34", "#0f766e", "#1d4ed8", "#155e75", "#3f6212", "#0e7490", "#4338ca"];
const CORPORATE = ["#7a4b00", "#a4161a", "#6b21a8", "#9a3412", "#86198f", "#334155", "#854d0e", "#9f1239"];
const UNASSIGNED = "#4a5360";

function byPosition(a, b) {
  return a.position - b.position || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

/** Fill `{name}` fields of a translated text. */
export function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

function zoneSize(tier, count) {
  const shape = TIERS[tier] || TIERS.medium;
  const rows = Math.max(shape.rows, Math.ceil(count / shape.cols));
  return {
    cols: shape.cols,
    rows,
    w: shape.cols * STAND.spacing + 2 * STAND.margin,
    d: STAND.front + (rows - 1) * STAND.rowDepth + 2,
  };
}

/**
 * The plan of the hall: `halls` (floors with a name), `zones` (one per pavilion with booths),
 * `stands` (one per booth, in walking order: hall by hall, zone by zone, front row first, along the
 * reading direction) and the `bounds` of everything. `rtl` mirrors the plan so that the walking
 * order follows the reading direction of Arabic.
 */
export function planExhibition(data, strings, rtl = false) {
  const pavilions = [...data.pavilions].sort(byPosition);
  const known = new Set(pavilions.map((pavilion) => pavilion.id));
  const boothsOf = new Map();
  for (const booth of [...data.booths].sort(byPosition)) {
    const key = booth.pavilion !== null && known.has(booth.pavilion) ? booth.pavilion : null;
    if (!boothsOf.has(key)) boothsOf.set(key, []);
    boothsOf.get(key).push(booth);
  }
  const hallIds = new Set(data.halls.map((hall) => hall.id));
  const groups = [...data.halls].sort(byPosition).map((hall) => ({ name: hall.name, pavilions: [] }));
  const other = { name: strings.other_hall, pavilions: [] };
  const hallIndex = new Map([...data.halls].sort(byPosition).map((hall, index) => [hall.id, index]));
  let national = 0;
  let corporate = 0;
  for (const pavilion of pavilions) {
    if (!boothsOf.has(pavilion.id)) continue;
    const group = pavilion.hall !== null && hallIds.has(pavilion.hall) ? groups[hallIndex.get(pavilion.hall)] : other;
    const isNational = pavilion.kind === "national";
    const colour = isNational ? NATIONAL[national++ % NATIONAL.length] : CORPORATE[corporate++ % CORPORATE.length];
    group.pavilions.push({
      id: pavilion.id,
      name: pavilion.name,
      kind: isNational ? strings.national : strings.corporate,
      tier: pavilion.tier,
      colour,
      booths: boothsOf.get(pavilion.id),
    });
  }
  if (boothsOf.has(null)) {
    other.pavilions.push({
      id: null,
      name: strings.no_pavilion,
      kind: "",
      tier: "medium",
      colour: UNASSIGNED,
      booths: boothsOf.get(null),
    });
  }
  groups.push(other);

  const halls = [];
  const zones = [];
  const stands = [];
  let hallStart = 0;
  for (const group of groups) {
    if (!group.pavilions.length) continue;
    const sized = group.pavilions.map((pavilion) => ({ pavilion, ...zoneSize(pavilion.tier, pavilion.booths.length) }));
    const area = sized.reduce((sum, zone) => sum + (zone.w + ZONE_GAP) * (zone.d + AISLE), 0);
    const rowWidth = Math.max(36, ...sized.map((zone) => zone.w), Math.sqrt(area) * 1.4);
    let x = 0;
    let rowFront = -HALL_ENTRANCE;
    let rowDepth = 0;
    let widest = 0;
    for (const zone of sized) {
      if (x > 0 && x + zone.w > rowWidth) {
        rowFront -= rowDepth + AISLE;
        x = 0;
        rowDepth = 0;
      }
      const placed = {
        name: zone.pavilion.name,
        kind: zone.pavilion.kind,
        colour: zone.pavilion.colour,
        pavilion: zone.pavilion.id,
        x0: hallStart + HALL_MARGIN + x,
        z0: rowFront - zone.d,
        w: zone.w,
        d: zone.d,
        first: stands.length,
        count: zone.pavilion.booths.length,
      };
      zones.push(placed);
      zone.pavilion.booths.forEach((booth, index) => {
        const row = Math.floor(index / zone.cols);
        const col = index % zone.cols;
        stands.push({
          booth,
          zone: zones.length - 1,
          x: placed.x0 + STAND.margin + STAND.spacing * (col + 0.5),
          z: rowFront - STAND.front - row * STAND.rowDepth,
        });
      });
      x += zone.w + ZONE_GAP;
      widest = Math.max(widest, x - ZONE_GAP);
      rowDepth = Math.max(rowDepth, zone.d);
    }
    const back = rowFront - rowDepth - HALL_MARGIN;
    halls.push({ name: group.name, x0: hallStart, z0: back, w: widest + 2 * HALL_MARGIN, d: -back });
    hallStart += widest + 2 * HALL_MARGIN + HALL_GAP;
  }
  if (rtl) {
    for (const item of [...halls, ...zones]) item.x0 = -(item.x0 + item.w);
    for (const stand of stands) stand.x = -stand.x;
  }
  const bounds = { x0: Infinity, x1: -Infinity, z0: Infinity, z1: 0 };
  for (const hall of halls) {
    bounds.x0 = Math.min(bounds.x0, hall.x0);
    bounds.x1 = Math.max(bounds.x1, hall.x0 + hall.w);
    bounds.z0 = Math.min(bounds.z0, hall.z0);
  }
  if (!halls.length) Object.assign(bounds, { x0: -10, x1: 10, z0: -20 });
  return { halls, zones, stands, bounds };
}
