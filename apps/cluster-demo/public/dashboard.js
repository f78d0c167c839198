// The dashboard page: renders each snapshot the service sends on /events (one a second), and
// asks the service to kill a primary when the button is pressed. Plain browser JavaScript, no
// build step; every value from the server goes into the page as text, never as markup.

const $ = (id) => document.getElementById(id);

function text(tag, value, className) {
  const element = document.createElement(tag);
  element.textContent = value;
  if (className) element.className = className;
  return element;
}

function renderWindow(window) {
  $('rate').textContent = window.perSecond.toFixed(window.perSecond < 10 ? 1 : 0);
  $('requests').textContent =
    `${window.requests.toLocaleString('en')} requests in ${window.seconds} s`;
  $('hit-rate').textContent =
    window.hitRate === null ? '–' : `${(window.hitRate * 100).toFixed(1)} %`;
  $('p99').textContent = window.p99Ms === null ? '–' : `≤ ${window.p99Ms} ms`;
  const errors = $('errors');
  errors.textContent = String(window.errors);
  errors.className = `figure ${window.errors === 0 ? 'good' : 'bad'}`;
  const peak = Math.max(1, ...window.series);
  const step = 600 / Math.max(1, window.series.length - 1);
  const points = window.series.map(
    (count, i) => `${(i * step).toFixed(1)},${(58 - (count / peak) * 54).toFixed(1)}`,
  );
  $('series').querySelector('polyline').setAttribute('points', points.join(' '));
}

function renderNodes(nodes) {
  const body = $('nodes');
  if (nodes === null) {
    body.replaceChildren(text('tr', ''));
    body.firstChild.append(text('td', 'no node has answered yet'));
    return;
  }
  body.replaceChildren(
    ...nodes.map((node) => {
      const row = document.createElement('tr');
      row.className = node.failing ? 'node failing' : 'node';
      row.dataset.address = node.address;
      row.dataset.role = node.role;
      row.append(
        text('td', node.address),
        text('td', node.role, 'role'),
        text('td', node.slots || '–'),
        text('td', node.replicaOf || '–'),
        text('td', node.failing ? 'failing' : 'ok', 'state'),
      );
      return row;
    }),
  );
}

function renderEvents(events) {
  const list = $('events');
  if (events.length === 0) {
    list.replaceChildren(text('li', 'none yet', 'empty'));
    return;
  }
  list.replaceChildren(
    ...events.map((event) => {
      const item = text('li', '', event.kind);
      const at = new Date(event.at);
      item.append(text('time', at.toLocaleTimeString('en-GB')), event.text);
      return item;
    }),
  );
}

let killing = false;

function renderFailover(failover) {
  const button = $('failover');
  button.disabled = !failover.enabled || killing;
  $('failover-note').textContent = failover.note;
}

function render(snapshot) {
  $('origin').textContent = snapshot.origin;
  renderWindow(snapshot.window);
  renderNodes(snapshot.nodes);
  renderEvents(snapshot.events);
  renderFailover(snapshot.failover);
}

async function failOver() {
  const result = $('failover-result');
  killing = true;
  $('failover').disabled = true;
  result.textContent = 'killing a primary…';
  try {
    const response = await fetch('/admin/kill-primary', { method: 'POST' });
    const body = await response.json();
    result.textContent = response.ok
      ? `Killed ${body.node} (pid ${body.pid}, slots ${body.slots}). Watch its replica take over and the errors stay at 0.`
      : body.message;
  } catch (error) {
    result.textContent = `The request failed: ${error}`;
  } finally {
    // One kill at a time: the next waits until the cluster had time to promote.
    setTimeout(() => {
      killing = false;
    }, 5000);
  }
}

function connect() {
  const status = $('connection');
  const source = new EventSource('/events');
  source.onopen = () => {
    status.textContent = 'live';
    status.className = 'connection live';
  };
  source.onmessage = (message) => render(JSON.parse(message.data));
  // EventSource reconnects by itself (the server sends `retry:`); say so meanwhile.
  source.onerror = () => {
    status.textContent = 'reconnecting…';
    status.className = 'connection';
  };
}

$('failover').addEventListener('click', failOver);
connect();
