// The operations page of the web UI (docs/portal.md#operations-page): the platform's metrics over the last hour
// from GET /api/v1/ops/series, drawn as SVG charts; refreshed every few seconds while the page is shown.
// Loaded before app.js, whose helpers ($, api, show, showError, handle) it calls only once the page is opened.
'use strict';

const OPS_REFRESH_MS = 5000;
const SVG_NS = 'http://www.w3.org/2000/svg';
const opsState = { timer: null };

async function openOps() {
  show('ops-view');
  showError('');
  clearTimeout(opsState.timer);
  await refreshOps();
}

async function refreshOps() {
  if ($('ops-view').hidden) return; // left the page: stop polling
  try {
    renderOps(await api('/api/v1/ops/series'));
  } catch (err) {
    handle(err);
    if (err.status === 401 || err.status === 403) return;
  }
  clearTimeout(opsState.timer);
  opsState.timer = setTimeout(refreshOps, OPS_REFRESH_MS);
}

function renderOps(series) {
  const samples = series.samples;
  const now = samples[samples.length - 1];
  const first = samples[0];
  const failed = Object.values(now.recordingsFailed).reduce((a, b) => a + b, 0);
  $('ops-calls-total').textContent = now.callsStarted;
  $('ops-calls-active').textContent = now.callsActive;
  $('ops-recordings-started').textContent = now.recordingsStarted;
  $('ops-recordings-completed').textContent = now.recordingsCompleted;
  $('ops-recordings-active').textContent = now.recordingsActive;
  $('ops-recordings-failed').textContent = failed;
  byReason('ops-calls-shed', now.callsShed || {});
  byReason('ops-requests-rejected', now.requestsRejected || {});
  $('ops-updated').textContent = 'as of ' + formatTime(now.time);
  $('ops-calls-window').textContent = now.callsStarted - first.callsStarted;
  $('ops-recordings-window').textContent = now.recordingsStarted - first.recordingsStarted;
  $('ops-window').textContent = samples.length + ' samples, one every ' + series.intervalSeconds + ' s, since '
    + formatTime(first.time) + ' (at most ' + Math.round(series.windowSeconds / 60) + ' min kept)';
  drawRates(samples);
  drawFailures(samples);
  drawSrs(samples);
}

// a total since start and, beside it, each reason's count ("overload 3, rate 1"), reasons sorted
function byReason(id, counts) {
  const reasons = Object.keys(counts).sort();
  $(id).textContent = reasons.reduce((sum, r) => sum + counts[r], 0);
  $(id + '-reasons').textContent = reasons.map((r) => r + ' ' + counts[r]).join(', ');
}

// --- per-second rates between samples: each sample against the latest one at least a second older ---------------

function rates(samples, field) {
  const points = [];
  for (let i = 1; i < samples.length; i++) {
    const t = Date.parse(samples[i].time);
    let j = i - 1;
    while (j >= 0 && t - Date.parse(samples[j].time) < 1000) j--;
    if (j < 0) continue;
    const seconds = (t - Date.parse(samples[j].time)) / 1000;
    points.push({ t, v: Math.max(0, samples[i][field] - samples[j][field]) / seconds });
  }
  return points;
}

function drawRates(samples) {
  const svg = clearSvg('chart-rates');
  const calls = rates(samples, 'callsStarted');
  const recordings = rates(samples, 'recordingsStarted');
  const all = calls.concat(recordings);
  const max = Math.max(1, ...all.map((p) => p.v));
  const t0 = Date.parse(samples[0].time);
  const t1 = Math.max(t0 + 1000, Date.parse(samples[samples.length - 1].time));
  const W = 480, H = 200, L = 40, B = 20;
  axes(svg, L, B, W, H, max.toFixed(max < 10 ? 1 : 0) + '/s');
  for (const [points, cls] of [[recordings, 'recordings'], [calls, 'calls']]) { // calls dashed, over
    const line = el(svg, 'polyline', { class: 'line ' + cls, 'data-series': cls });
    line.setAttribute('points', points.map((p) => {
      const x = L + (p.t - t0) / (t1 - t0) * (W - L - 5);
      const y = H - B - p.v / max * (H - B - 10);
      return x.toFixed(1) + ',' + y.toFixed(1);
    }).join(' '));
  }
  const last = (points) => (points.length ? points[points.length - 1].v : 0);
  const peak = (points) => Math.max(0, ...points.map((p) => p.v));
  $('ops-calls-rate').textContent = last(calls).toFixed(2);
  $('ops-recordings-rate').textContent = last(recordings).toFixed(2);
  $('ops-calls-peak').textContent = peak(calls).toFixed(2);
  $('ops-recordings-peak').textContent = peak(recordings).toFixed(2);
}

// --- failures by reason over the window: per reason, a line of the failures counted in each sample interval, and
// the failures of the window beside its name (data-counts: the per-interval counts, oldest first) --------------------

function failureSeries(samples, reason) {
  const counts = [];
  for (let i = 1; i < samples.length; i++) {
    const now = samples[i].recordingsFailed[reason] || 0;
    const before = samples[i - 1].recordingsFailed[reason] || 0;
    counts.push(Math.max(0, now - before)); // a restart of the platform zeroes the counters: no negative failures
  }
  return counts;
}

function drawFailures(samples) {
  const svg = clearSvg('chart-failures');
  const reasons = [...new Set(samples.flatMap((s) => Object.keys(s.recordingsFailed)))].sort();
  const series = reasons.map((reason) => ({ reason, counts: failureSeries(samples, reason) }));
  const inWindow = (s) => s.counts.reduce((a, b) => a + b, 0);
  const shown = series.filter((s) => inWindow(s) > 0);
  $('ops-failures-empty').hidden = shown.length > 0;
  svg.classList.toggle('empty-chart', shown.length === 0);
  if (shown.length === 0) return;
  const max = Math.max(1, ...shown.flatMap((s) => s.counts));
  const t0 = Date.parse(samples[0].time);
  const t1 = Math.max(t0 + 1000, Date.parse(samples[samples.length - 1].time));
  const W = 480, H = 200, L = 40, B = 20;
  axes(svg, L, B, W, H, String(max));
  shown.forEach((s, i) => {
    const g = el(svg, 'g', { 'data-reason': s.reason, class: 'failure-' + (i % 4) });
    const line = el(g, 'polyline', { class: 'line failure', 'data-counts': s.counts.join(',') });
    line.setAttribute('points', s.counts.map((v, k) => {
      const x = L + (Date.parse(samples[k + 1].time) - t0) / (t1 - t0) * (W - L - 5);
      const y = H - B - v / max * (H - B - 10);
      return x.toFixed(1) + ',' + y.toFixed(1);
    }).join(' '));
    text(g, L + 10, 24 + i * 16, s.reason, 'label');
    text(g, L + 200, 24 + i * 16, String(inWindow(s)), 'value');
  });
}

// --- SRS health: a strip per SRS, one cell per sample (up, down, unknown or not in the group then), the current state
// at the end ('not configured': it left the group within the window) ---------------------------------------------

function drawSrs(samples) {
  const svg = $('chart-srs');
  const uris = [...new Set(samples.flatMap((s) => Object.keys(s.srs)))].sort();
  $('ops-srs-empty').hidden = uris.length > 0;
  const rowH = 24, W = 960, L = 260, R = 110;
  svg.setAttribute('viewBox', '0 0 ' + W + ' ' + Math.max(1, uris.length) * rowH);
  clearSvg('chart-srs');
  const cell = (W - L - R) / samples.length;
  uris.forEach((uri, i) => {
    const g = el(svg, 'g', { 'data-srs': uri });
    const y = i * rowH;
    text(g, 0, y + 16, uri, 'label');
    samples.forEach((s, k) => {
      el(g, 'rect', { x: L + k * cell, y: y + 3, width: Math.max(1, cell - 0.5), height: rowH - 6,
        class: 'srs-' + (s.srs[uri] || 'unknown') });
    });
    text(g, W - R + 8, y + 16, samples[samples.length - 1].srs[uri] || 'not configured', 'state');
  });
}

// --- small SVG helpers ---------------------------------------------------------------------------------------------

function clearSvg(id) {
  const svg = $(id);
  while (svg.firstChild) svg.firstChild.remove();
  return svg;
}

function el(parent, name, attributes) {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  parent.append(e);
  return e;
}

function text(parent, x, y, content, cls) {
  const t = el(parent, 'text', { x, y, class: cls });
  t.textContent = content;
  return t;
}

function axes(svg, left, bottom, width, height, maxLabel) {
  el(svg, 'line', { x1: left, y1: 10, x2: left, y2: height - bottom, class: 'axis' });
  el(svg, 'line', { x1: left, y1: height - bottom, x2: width, y2: height - bottom, class: 'axis' });
  text(svg, 0, 16, maxLabel, 'tick');
  text(svg, 0, height - bottom, '0', 'tick');
  text(svg, left, height - 4, 'oldest', 'tick');
  text(svg, width - 30, height - 4, 'now', 'tick');
}
