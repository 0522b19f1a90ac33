// The registry's page: the paper's tables with our results beside theirs, live sweep progress, and
// for the selected run its learning curve and reliability diagram (Apache ECharts, SVG renderer).
// Everything comes from the registry's REST API; text is set with textContent, never as HTML.
'use strict';

const POLL_MS = 2000;
const params = new URLSearchParams(window.location.search);
const state = { sweep: params.get('sweep'), run: params.get('run'), runStamp: null };
const charts = {};
let timer = null;

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

const pct = (f, digits) => (100 * f).toFixed(digits);

async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(path + ': HTTP ' + response.status);
  return response.json();
}

function renderSweepChoice(sweeps) {
  const select = document.getElementById('sweep');
  if (!state.sweep && sweeps.length > 0) state.sweep = sweeps[0].sweepId;
  const wanted = sweeps.map(s => s.sweepId).join('\n');
  if (select.dataset.ids !== wanted) {
    select.replaceChildren(...sweeps.map(s => {
      const option = el('option', null, s.sweepId + (s.profile ? ' (' + s.profile + ')' : ''));
      option.value = s.sweepId;
      return option;
    }));
    select.dataset.ids = wanted;
  }
  select.value = state.sweep || '';
}

function renderProgress(s) {
  const width = n => (s.cells > 0 ? (100 * n / s.cells) : 0) + '%';
  document.getElementById('bar-evaluated').style.width = width(s.evaluated);
  document.getElementById('bar-failed').style.width = width(s.failed);
  document.getElementById('bar-running').style.width = width(s.running);
  let text = (s.evaluated + s.failed) + ' / ' + s.cells + ' cells in: ' + s.evaluated + ' evaluated, '
    + s.failed + ' failed, ' + s.running + ' running';
  text += s.completedAt ? ' — completed ' + s.completedAt : (s.planned ? '' : ' — no plan.json: size unknown');
  document.getElementById('progress-text').textContent = text;
}

function renderCell(cell) {
  const td = el('td', 'cell');
  td.dataset.col = cell.column;
  if (cell.runId) td.dataset.run = cell.runId;
  if (cell.status) td.dataset.status = cell.status;
  if (cell.accuracy !== null && cell.accuracy !== undefined) {
    td.append(el('div', 'ours', pct(cell.accuracy, 1) + ' ± ' + pct(cell.ci95, 1)));
    td.append(el('div', 'paper', 'paper ' + pct(cell.paperAccuracy, 1)));
    const sign = cell.difference >= 0 ? '+' : '−';
    td.append(el('div', 'diff ' + cell.verdict, sign + pct(Math.abs(cell.difference), 1)));
    td.append(el('div', 'ece', 'ECE ' + cell.ece.toFixed(3)));
  } else {
    td.append(el('div', 'ours', '—'));
    td.append(el('div', 'paper', 'paper ' + pct(cell.paperAccuracy, 1)));
    td.append(el('div', 'status', cell.status || 'not in sweep'));
  }
  // The training behind the number (steps reached, time), as the registry words it.
  if (cell.budget) td.append(el('div', 'budget', cell.budget));
  if (cell.runId === state.run) td.classList.add('selected');
  if (cell.runId) td.addEventListener('click', () => selectRun(cell.runId));
  return td;
}

function renderTables(tables) {
  const section = document.getElementById('tables');
  section.replaceChildren(...tables.flatMap(t => {
    const heading = el('h2', null, 'Table ' + t.number + ': ' + t.title + ' (' + t.split + ' split)');
    const table = el('table', 'paper');
    table.id = 'table-' + t.dataset;
    const head = el('tr');
    head.append(el('th', null, 'Method'), ...t.columns.map(c => el('th', null, c.header)));
    table.append(el('thead'));
    table.tHead.append(head);
    const body = el('tbody');
    for (const row of t.rows) {
      const tr = el('tr');
      tr.dataset.row = row.row;
      tr.append(el('th', 'method', row.label), ...row.cells.map(renderCell));
      body.append(tr);
    }
    table.append(body);
    return [heading, table];
  }));
}

function chart(id) {
  if (!charts[id]) charts[id] = echarts.init(document.getElementById(id), null, { renderer: 'svg' });
  return charts[id];
}

function renderRun(detail) {
  const r = detail.run;
  document.getElementById('run-title').textContent = r.runId;
  let facts = r.method + ', ' + r.dataset + ' ' + r.way + '-way ' + r.shot + '-shot, ' + r.status;
  if (detail.evaluation) {
    const e = detail.evaluation;
    facts += ': ' + pct(e.accuracy, 2) + '% ± ' + pct(e.ci95, 2) + ' over ' + e.episodes + ' episodes, ECE '
      + e.ece.toFixed(3) + ', MCE ' + e.mce.toFixed(3) + ', NLL ' + e.nll.toFixed(3) + ', Brier ' + e.brier.toFixed(3);
  }
  if (r.failureReason) facts += ': ' + r.failureReason;
  document.getElementById('run-facts').textContent = facts;

  const train = detail.learningCurve.filter(p => p.phase === 'train');
  chart('curve').setOption({
    animation: false,
    title: { text: 'Learning curve', left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 55, right: 55, top: 40, bottom: 55 },
    xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 25 },
    yAxis: [{ type: 'value', name: 'loss' }, { type: 'value', name: 'accuracy %', min: 0, max: 100 }],
    series: [
      { name: 'training loss', type: 'line', showSymbol: true, data: train.map(p => [p.step, p.loss]) },
      { name: 'training accuracy', type: 'line', yAxisIndex: 1, showSymbol: true,
        data: train.map(p => [p.step, 100 * p.accuracy]) },
      { name: 'validation accuracy', type: 'line', yAxisIndex: 1, showSymbol: true, connectNulls: true,
        data: train.filter(p => p.validationAccuracy !== null).map(p => [p.step, 100 * p.validationAccuracy]) }
    ]
  }, true);

  const bins = detail.reliability;
  chart('reliability').setOption({
    animation: false,
    title: { text: 'Reliability diagram' + (detail.evaluation ? ' (ECE ' + detail.evaluation.ece.toFixed(3) + ')' : ''),
      left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 55, right: 20, top: 40, bottom: 55 },
    xAxis: { type: 'category', name: 'confidence', nameLocation: 'middle', nameGap: 25,
      data: bins.map(b => ((b.lower + b.upper) / 2).toFixed(2)) },
    yAxis: { type: 'value', name: 'accuracy', min: 0, max: 1 },
    series: [
      { name: 'accuracy', type: 'bar', data: bins.map(b => (b.count > 0 ? b.accuracy : null)) },
      { name: 'mean confidence (perfect calibration)', type: 'line', showSymbol: false,
        data: bins.map(b => (b.count > 0 ? b.confidence : (b.lower + b.upper) / 2)) }
    ]
  }, true);
}

async function selectRun(runId) {
  state.run = runId;
  state.runStamp = null;
  const url = new URL(window.location.href);
  url.searchParams.set('run', runId);
  if (state.sweep) url.searchParams.set('sweep', state.sweep);
  window.history.replaceState(null, '', url);
  document.querySelectorAll('td.cell.selected').forEach(td => td.classList.remove('selected'));
  document.querySelectorAll('td.cell').forEach(td => { if (td.dataset.run === runId) td.classList.add('selected'); });
  await refreshRun();
}

async function refreshRun() {
  if (!state.run) return;
  const detail = await getJson('runs/' + encodeURIComponent(state.run));
  const stamp = detail.run.status + '|' + detail.run.updatedAt + '|' + detail.learningCurve.length;
  if (stamp !== state.runStamp) {
    renderRun(detail);
    state.runStamp = stamp;
  }
}

async function refresh() {
  try {
    const sweeps = await getJson('sweeps');
    renderSweepChoice(sweeps);
    if (state.sweep) {
      const table = await getJson('sweeps/' + encodeURIComponent(state.sweep) + '/table');
      renderProgress(table.sweep);
      renderTables(table.tables);
    } else {
      document.getElementById('progress-text').textContent = 'no sweep yet';
    }
    await refreshRun();
    document.body.dataset.updated = new Date().toISOString();
  } catch (e) {
    document.getElementById('progress-text').textContent = 'cannot reach the registry: ' + e.message;
  } finally {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, POLL_MS);
  }
}

document.getElementById('sweep').addEventListener('change', event => {
  state.sweep = event.target.value;
  const url = new URL(window.location.href);
  url.searchParams.set('sweep', state.sweep);
  window.history.replaceState(null, '', url);
  refresh();
});
window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
refresh();
