// The live feed: one WebSocket to /ws?token=…, frames {seq,type,data}. Every reconnect asks for
// what was missed in the upgrade itself (&after=lastSeq), so the replay does not depend on how
// fast the first message would arrive; frames at or below lastSeq are dropped, so a replay never
// shows twice. Reconnects with a capped backoff.
export class Live {
  constructor(token, onFrame, onState, onResync, onEnded) {
    this.token = token;
    this.onFrame = onFrame;
    this.onState = onState;
    this.onResync = onResync || (() => {});
    this.onEnded = onEnded || (() => {});
    this.lastSeq = 0;
    this.state = 'connecting';
    this.received = [];  // {seq, type, at}: the last frames, for diagnostics and the tests
    this.backoff = 300;
    this.holdUntil = 0;
    this.stopped = false;
    this.connect();
  }

  connect() {
    if (this.stopped) return;
    const wait = this.holdUntil - Date.now();
    if (wait > 0) { this.timer = setTimeout(() => this.connect(), wait); return; }
    this.setState('connecting');
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    const after = this.lastSeq > 0 ? `&after=${this.lastSeq}` : '';
    try { ws = new WebSocket(`${proto}//${location.host}/ws?token=${encodeURIComponent(this.token)}${after}`); }
    catch { return this.retry(); }
    this.ws = ws;
    ws.onopen = () => {
      this.backoff = 300;
      if (!after) ws.send(JSON.stringify({ type: 'live' }));  // nothing to resume: frames flow at once
      // Without a frame seen yet there is no seq to resume from: the pages reload instead.
      if (this.lastSeq === 0 && this.wasOpen) this.onResync();
      this.wasOpen = true;
      this.setState('open');
    };
    ws.onmessage = (ev) => {
      let f;
      try { f = JSON.parse(ev.data); } catch { return; }
      // The events after lastSeq are older than the server keeps: the pages reload.
      if (f.type === 'resync') { this.onResync(); return; }
      if (typeof f.seq === 'number') {
        if (f.seq <= this.lastSeq) return;
        this.lastSeq = f.seq;
      }
      this.received.push({ seq: f.seq, type: f.type, at: Date.now() });
      if (this.received.length > 500) this.received.splice(0, 100);
      try { this.onFrame(f); } catch (e) { console.warn('live frame handler', e); }
    };
    ws.onclose = (ev) => {
      if (this.ws !== ws) return;
      // 4401: the session ended (signed out everywhere, deactivated, company suspended).
      if (ev.code === 4401) { this.stop(); this.onEnded(); return; }
      // 1012: the node is restarting (a drain); the load balancer has another one, try at once.
      if (ev.code === 1012) this.backoff = 0;
      this.retry();
    };
    ws.onerror = () => {};
  }

  retry() {
    this.ws = null;
    this.setState('closed');
    if (this.stopped) return;
    this.timer = setTimeout(() => this.connect(), this.backoff);
    this.backoff = Math.min(Math.max(this.backoff * 2, 300), 5000);
  }

  setState(s) {
    this.state = s;
    this.onState(s);
  }

  /// Closes the socket and stays away for `ms` (a network drop, for the tests).
  drop(ms = 0) {
    this.holdUntil = Date.now() + ms;
    if (this.ws) this.ws.close();
  }

  /// Sends a small live-only frame (presence: viewing, typing) when connected; dropped otherwise.
  send(frame) {
    if (this.ws && this.ws.readyState === 1) this.ws.send(JSON.stringify(frame));
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    if (this.ws) { const ws = this.ws; this.ws = null; ws.close(); }
  }
}
