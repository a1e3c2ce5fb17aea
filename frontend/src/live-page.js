// What a live panel's bundle imports: the one client build/live.js put on window (the page loads it
// before the panels' scripts; deferred scripts run in order), so the client is not bundled again.

const live = window.pavilionLive;
if (!live) throw new Error("Load build/live.js before the live panels' scripts.");

export const {
  subscribe,
  subscribeOwn,
  refresh,
  command,
  isOnline,
  onStatus,
  showStatus,
  panelNotices,
  sendForm,
  describeFailure,
  sendOnEnter,
} = live;
