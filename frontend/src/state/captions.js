// The session's captions (snapshot part `captions`) and what each event does to them, as pure
// functions. The state has the snapshot's shape: {languages, lines: {code: [line, …]}, may_caption,
// captioning_languages}; each language keeps its last 20 lines in `seq` order.

export const RECENT_LINES = 20; // captions/services.py RECENT_LINES

/** The state a snapshot's `captions` part gives. */
export function captionsFromSnapshot(part) {
  const lines = {};
  part.languages.forEach((code) => {
    lines[code] = [...(part.lines[code] || [])];
  });
  return { ...part, lines };
}

/** The state after one event: a new line joins its language unless it is there already. */
export function applyCaptionsEvent(state, event) {
  const line = event.captions && event.captions.line;
  if (!line || !state) return state;
  const known = state.lines[line.language];
  if (!known || known.some((shown) => shown.id === line.id)) return state;
  const lines = [...known, line].sort((a, b) => a.seq - b.seq).slice(-RECENT_LINES);
  return { ...state, lines: { ...state.lines, [line.language]: lines } };
}

/**
 * The language to show after a snapshot: the one asked for (remembered from another session) when
 * this session has it, else the one shown so far when it still has it, else its first.
 */
export function languageToShow(languages, { wanted, shown }) {
  if (wanted && languages.includes(wanted)) return wanted;
  if (languages.includes(shown)) return shown;
  return languages[0];
}
