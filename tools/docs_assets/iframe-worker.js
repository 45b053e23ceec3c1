// A Web Worker for pages opened from the files (file://), where the browser refuses `new Worker(url)`:
// the worker's script runs in a hidden iframe of the page, and messages pass both ways as they would
// between a page and its worker. The site's search runs in a worker, so this is what makes it work offline.
// (The theme's offline plugin would fetch a shim like this from a CDN; this one ships with the site.)
(function () {
  if (location.protocol !== 'file:') return;
  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null; this.onerror = null; this.queue = []; this.ready = false;
      const frame = this.frame = document.createElement('iframe');
      frame.setAttribute('aria-hidden', 'true'); frame.style.display = 'none';
      document.body.appendChild(frame);
      const w = frame.contentWindow, doc = frame.contentDocument, self = this;
      w.postMessage = data => setTimeout(() => self.deliver(data));          // the worker's `postMessage`
      w.importScripts = (...urls) => Promise.all(urls.map(u => new Promise((ok, fail) => {
        const s = doc.createElement('script'); s.src = new URL(u, location.href).href;
        s.onload = ok; s.onerror = fail; doc.head.appendChild(s);
      })));
      const script = doc.createElement('script');
      script.src = new URL(url, location.href).href;
      script.onload = () => { this.ready = true; this.queue.splice(0).forEach(d => this.send(d)); };
      script.onerror = e => this.fail(e);
      doc.head.appendChild(script);
    }
    deliver(data) {
      const e = new MessageEvent('message', { data });
      if (this.onmessage) this.onmessage(e);
      this.dispatchEvent(e);
    }
    fail(error) {
      const e = new ErrorEvent('error', { error, message: String(error) });
      if (this.onerror) this.onerror(e);
      this.dispatchEvent(e);
    }
    send(data) {
      const w = this.frame.contentWindow;
      w.dispatchEvent(new w.MessageEvent('message', { data }));
    }
    postMessage(data) { this.ready ? setTimeout(() => this.send(data)) : this.queue.push(data); }
    terminate() { this.frame.remove(); }
  }
  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
