// The Cordum host console: plain DOM code over the host's JSON API (docs/console.md).
// Text from the API is only ever set with textContent or attributes, never parsed as HTML.
"use strict";

const state = { me: null, events: null, page: "", runID: null, refresh: null };

// ---------------------------------------------------------------- helpers

/** Builds an element: h("a", {href: "#"}, "text", child, ...). Attributes starting with "on" are listeners. */
function h(tag, attributes, ...children) {
  const svg = ["svg", "g", "rect", "line", "path", "text", "title", "desc", "defs", "marker", "polyline"].includes(tag);
  const node = svg ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Calls the host API; changes carry X-Requested-With so a cross-site form can never make them. */
async function api(method, path, body) {
  const options = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (method !== "GET") {
    options.headers["X-Requested-With"] = "cordum-console";
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body || {});
  }
  const response = await fetch("/api/v1" + path, options);
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (response.status === 401 && path !== "/session") {
    showSignIn("Your session has ended; sign in again.");
  }
  if (!response.ok) {
    const error = new Error((data && data.error && data.error.message) || response.status + " " + response.statusText);
    error.status = response.status;
    throw error;
  }
  return data;
}

const enc = encodeURIComponent;
const json = (value) => JSON.stringify(value === undefined ? null : value, null, 2);
const when = (text) => (text ? new Date(text).toLocaleString() : "—");
function announce(text) { document.getElementById("status").textContent = text; }
function statusOf(text) { return h("span", { class: "status status-" + text }, text || "—"); }
function tags(list) { return (list || []).map((tag) => h("span", { class: "tag tag-" + tag }, tag)); }
function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.filter((p) => p[1] !== undefined && p[1] !== null && p[1] !== "")
    .map(([term, value]) => [h("dt", {}, term), h("dd", {}, value)]));
}
function table(caption, headers, rows) {
  return h("table", {},
    h("caption", { class: "visually-hidden" }, caption),
    h("thead", {}, h("tr", {}, headers.map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell))))));
}
function problem(error) { return h("p", { class: "error", role: "alert" }, error.message || String(error)); }
function page(...children) {
  const target = document.getElementById("page");
  target.replaceChildren(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return target;
}

// ---------------------------------------------------------------- sign-in

function showSignIn(message) {
  state.me = null;
  if (state.events) { state.events.close(); state.events = null; }
  document.getElementById("nav").hidden = true;
  document.getElementById("who").hidden = true;
  document.getElementById("page").hidden = true;
  document.getElementById("sign-in").hidden = false;
  document.getElementById("sign-in-error").textContent = message || "";
  document.getElementById("sign-in-key").focus();
}

async function signIn(event) {
  event.preventDefault();
  const form = event.target;
  const key = form.elements.api_key.value;
  const tenant = form.elements.tenant.value.trim();
  try {
    const response = await fetch("/api/v1/session", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Requested-With": "cordum-console" },
      body: JSON.stringify({ api_key: key, tenant }),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error((data && data.error && data.error.message) || "sign-in failed");
    form.reset();
    started(data);
  } catch (error) {
    document.getElementById("sign-in-error").textContent = error.message;
  }
}

async function signOut() {
  try { await api("DELETE", "/session"); } catch (_) { /* already signed out */ }
  showSignIn("Signed out.");
}

function started(me) {
  state.me = me;
  document.getElementById("sign-in").hidden = true;
  document.getElementById("nav").hidden = false;
  document.getElementById("who").hidden = false;
  document.getElementById("page").hidden = false;
  document.getElementById("who-text").textContent = me.principal + " · tenant " + me.tenant +
    " · roles " + (me.roles.join(", ") || "none");
  listen();
  route();
}

// ---------------------------------------------------------------- live events

/** Follows the tenant's events (SSE, authenticated by the session cookie) and refreshes what they change. */
function listen() {
  if (state.events) state.events.close();
  const source = new EventSource("/api/v1/events?type=approval.*,run.*,step.*,job.*");
  state.events = source;
  const changed = (message) => {
    let event = null;
    try { event = JSON.parse(message.data); } catch (_) { return; }
    countApprovals();
    if (state.page === "approvals" && event.type.startsWith("approval.")) renderApprovals(false);
    if (state.page === "run" && event.run_id === state.runID) renderRun(state.runID, false);
    if (state.page === "runs" && event.type.startsWith("run.")) renderRuns(false);
  };
  for (const type of ["approval.requested", "approval.granted", "approval.rejected", "approval.expired",
    "run.started", "run.succeeded", "run.failed", "run.cancelled", "run.timed_out", "step.running",
    "step.waiting", "step.succeeded", "step.failed", "step.cancelled", "step.timed_out", "step.skipped",
    "job.held", "job.dispatched", "job.succeeded", "job.failed", "job.denied", "job.cancelled", "job.timed_out"]) {
    source.addEventListener(type, changed);
  }
}

async function countApprovals() {
  try {
    const data = await api("GET", "/approvals?status=pending&limit=200");
    const count = data.items.length;
    document.getElementById("approval-count").textContent = count ? String(count) : "";
  } catch (_) { /* shown on the page itself */ }
}

// ---------------------------------------------------------------- routing

function route() {
  if (!state.me) return;
  const hash = location.hash.replace(/^#\/?/, "") || "approvals";
  const [path, query] = hash.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  const params = new URLSearchParams(query || "");
  state.page = parts[0];
  state.runID = null;
  for (const link of document.querySelectorAll("#nav a")) {
    if (link.dataset.page === (parts[0] === "run" ? "runs" : parts[0])) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (parts[0] === "runs" && parts[1]) { state.page = "run"; state.runID = parts[1]; renderRun(parts[1], true); }
  else if (parts[0] === "runs") renderRuns(true, params);
  else if (parts[0] === "packs" && parts[1]) renderPack(parts[1]);
  else if (parts[0] === "packs") renderPacks();
  else if (parts[0] === "audit") renderAudit(params);
  else { state.page = "approvals"; renderApprovals(true); }
}

function focusMain() { document.getElementById("main").focus(); }

// ---------------------------------------------------------------- approvals

async function renderApprovals(focus) {
  let data;
  try { data = await api("GET", "/approvals?status=pending&limit=200"); } catch (error) {
    page(h("h1", {}, "Approvals"), problem(error));
    return;
  }
  if (state.page !== "approvals") return;
  const items = data.items;
  document.getElementById("approval-count").textContent = items.length ? String(items.length) : "";
  page(h("h1", {}, "Approvals"),
    h("p", { class: "note" }, items.length ? items.length + " pending; this list updates as approvals arrive."
      : "Nothing is waiting for a decision. This list updates as approvals arrive."),
    items.map(approvalCard));
  if (focus) focusMain();
}

function approvalCard(item) {
  const job = item.job || {};
  const what = item.kind === "step" ? "step " + (item.step_id || "") + " of run " + (item.run_id || "")
    : (job.topic || "job " + (item.job_id || ""));
  const reasonID = "reason-" + item.id;
  const message = h("p", { class: "error", role: "alert" });
  const decide = async (verb) => {
    const reason = document.getElementById(reasonID).value.trim();
    if (!reason) { message.textContent = "Give a reason for the decision."; return; }
    try {
      const body = verb === "approve" ? { reason, digest: item.digest } : { reason };
      await api("POST", "/approvals/" + enc(item.id) + "/" + verb, body);
      announce((verb === "approve" ? "Approved " : "Rejected ") + what);
      renderApprovals(false);
    } catch (error) { message.textContent = error.message; }
  };
  const inputs = (item.summary && item.summary.inputs) || job.input || item.summary;
  return h("article", { class: "card", "aria-labelledby": "title-" + item.id, "data-approval": item.id },
    h("h2", { id: "title-" + item.id }, "Approve " + what + "?"),
    facts([
      ["Kind", item.kind],
      ["Topic", job.topic],
      ["Capability", job.capability],
      ["Pack", job.pack_id ? job.pack_id + (job.pack_version ? " " + job.pack_version : "") : ""],
      ["Risk tags", (job.risk_tags || []).length ? h("span", {}, tags(job.risk_tags)) : ""],
      ["Policy rule", item.policy_rule_id ? item.policy_rule_id + (item.policy_reason ? ": " + item.policy_reason : "") : ""],
      ["Run", item.run_id ? h("a", { href: "#/runs/" + enc(item.run_id) }, item.run_id) : ""],
      ["Step", item.step_id],
      ["Asked by", item.requested_by],
      ["Asked at", when(item.requested_at)],
      ["Expires", when(item.expires_at)],
      ["Approvals needed", String(item.required_approvals || 1) + ((item.grants || []).length ? " (" + item.grants.length + " given)" : "")],
      ["Action digest", h("code", {}, item.digest)],
    ]),
    h("h3", {}, "What will run"),
    h("pre", { tabindex: "0", "aria-label": "Inputs of " + what }, json(inputs)),
    h("div", { class: "decide" },
      h("label", { for: reasonID }, "Reason", h("input", { id: reasonID, type: "text", required: true })),
      h("button", { type: "button", onclick: () => decide("approve") }, "Approve"),
      h("button", { type: "button", class: "danger", onclick: () => decide("reject") }, "Reject")),
    message);
}

// ---------------------------------------------------------------- runs

const runStatuses = ["", "pending", "running", "waiting", "succeeded", "failed", "cancelled", "timed_out"];

async function renderRuns(focus, params) {
  params = params || new URLSearchParams(location.hash.split("?")[1] || "");
  const filters = { workflow_id: params.get("workflow_id") || "", status: params.get("status") || "", since: params.get("since") || "" };
  const query = new URLSearchParams({ limit: "200" });
  if (filters.workflow_id) query.set("workflow_id", filters.workflow_id);
  if (filters.status) query.set("status", filters.status);
  let runs = [];
  let error = null;
  try { runs = (await api("GET", "/workflow-runs?" + query)).items; } catch (caught) { error = caught; }
  if (state.page !== "runs") return;
  if (filters.since) {
    const since = new Date(filters.since).getTime();
    runs = runs.filter((run) => new Date(run.started_at || run.created_at).getTime() >= since);
  }
  const apply = (event) => {
    event.preventDefault();
    const form = event.target;
    const next = new URLSearchParams();
    for (const name of ["workflow_id", "status", "since"]) if (form.elements[name].value) next.set(name, form.elements[name].value);
    location.hash = "#/runs" + (next.toString() ? "?" + next : "");
  };
  page(h("h1", {}, "Runs"),
    h("form", { class: "filters", onsubmit: apply, "aria-label": "Filter runs" },
      h("label", {}, "Workflow", h("input", { name: "workflow_id", value: filters.workflow_id, type: "text" })),
      h("label", {}, "Status", h("select", { name: "status" }, runStatuses.map((status) =>
        h("option", { value: status, selected: status === filters.status }, status || "any")))),
      h("label", {}, "Started after", h("input", { name: "since", type: "datetime-local", value: filters.since })),
      h("button", { type: "submit" }, "Filter")),
    error ? problem(error) : null,
    runs.length ? table("Runs", ["Run", "Workflow", "Status", "Started", "Finished"], runs.map((run) => [
      h("a", { href: "#/runs/" + enc(run.id) }, run.id), run.workflow_id, statusOf(run.status),
      when(run.started_at || run.created_at), when(run.completed_at)]))
      : h("p", { class: "note" }, "No run matches."));
  if (focus) focusMain();
}

/** Lays the workflow's steps out by depth (longest chain of depends_on) and draws them with their status. */
function dagSVG(definition, run) {
  const steps = (definition && definition.steps) || {};
  const ids = Object.keys(Object.keys(steps).length ? steps : run.steps || {});
  const depends = (id) => ((steps[id] && steps[id].depends_on) || []).filter((d) => ids.includes(d));
  const depth = {};
  const level = (id, seen) => {
    if (depth[id] !== undefined) return depth[id];
    if (seen.has(id)) return 0;
    seen.add(id);
    depth[id] = depends(id).reduce((most, d) => Math.max(most, level(d, seen) + 1), 0);
    return depth[id];
  };
  ids.forEach((id) => level(id, new Set()));
  const columns = {};
  ids.forEach((id) => { (columns[depth[id]] = columns[depth[id]] || []).push(id); });
  const width = 170, height = 54, gapX = 60, gapY = 24;
  const position = {};
  Object.entries(columns).forEach(([column, list]) => list.forEach((id, row) => {
    position[id] = { x: 10 + column * (width + gapX), y: 10 + row * (height + gapY) };
  }));
  const maxColumn = Math.max(0, ...Object.keys(columns).map(Number));
  const maxRow = Math.max(1, ...Object.values(columns).map((list) => list.length));
  const colours = { succeeded: "#d7f0dd", failed: "#f8d7da", waiting: "#e8dcf5", running: "#fff0c2", cancelled: "#f8d7da", timed_out: "#f8d7da", skipped: "#eeeeee" };
  const summary = ids.map((id) => id + ": " + ((run.steps && run.steps[id] && run.steps[id].status) || "pending")).join(", ");
  const svg = h("svg", { class: "dag", role: "img", "aria-labelledby": "dag-title", viewBox: "0 0 " +
    (20 + (maxColumn + 1) * (width + gapX) - gapX) + " " + (20 + maxRow * (height + gapY) - gapY),
    width: 20 + (maxColumn + 1) * (width + gapX) - gapX },
    h("title", { id: "dag-title" }, "Steps of the run: " + summary),
    h("defs", {}, h("marker", { id: "arrow", viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto" },
      h("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#4a4a4a" }))));
  for (const id of ids) for (const from of depends(id)) {
    const a = position[from], b = position[id];
    svg.append(h("line", { x1: a.x + width, y1: a.y + height / 2, x2: b.x, y2: b.y + height / 2, stroke: "#4a4a4a", "stroke-width": "1.5", "marker-end": "url(#arrow)" }));
  }
  for (const id of ids) {
    const status = (run.steps && run.steps[id] && run.steps[id].status) || "pending";
    const p = position[id];
    svg.append(h("g", { "data-step": id },
      h("rect", { x: p.x, y: p.y, width, height, rx: "6", fill: colours[status] || "#ffffff", stroke: "#4a4a4a" }),
      h("text", { x: p.x + 10, y: p.y + 22, "font-weight": "600" }, id.length > 20 ? id.slice(0, 19) + "…" : id),
      h("text", { x: p.x + 10, y: p.y + 42 }, status)));
  }
  return svg;
}

async function renderRun(id, focus) {
  let run, timeline = [], jobs = [], definition = null;
  try {
    run = await api("GET", "/workflow-runs/" + enc(id));
    [timeline, jobs, definition] = await Promise.all([
      api("GET", "/workflow-runs/" + enc(id) + "/timeline?limit=500").catch(() => []),
      api("GET", "/traces/" + enc(id)).catch(() => []),
      api("GET", "/workflows/" + enc(run.workflow_id)).catch(() => null),
    ]);
  } catch (error) {
    page(h("h1", {}, "Run " + id), problem(error));
    return;
  }
  if (state.page !== "run" || state.runID !== id) return;
  const message = h("p", { class: "error", role: "alert" });
  const finished = ["succeeded", "failed", "cancelled", "timed_out"].includes(run.status);
  const rerun = async () => {
    try {
      const answer = await api("POST", "/workflow-runs/" + enc(id) + "/rerun", {});
      location.hash = "#/runs/" + enc(answer.run_id);
    } catch (error) { message.textContent = error.message; }
  };
  const cancel = async () => {
    try {
      await api("POST", "/workflow-runs/" + enc(id) + "/cancel", { reason: "cancelled from the console" });
      announce("Cancelled run " + id);
      renderRun(id, false);
    } catch (error) { message.textContent = error.message; }
  };
  const steps = Object.entries(run.steps || {});
  const decisions = await Promise.all(jobs.map((job) => api("GET", "/jobs/" + enc(job.id) + "/decisions").catch(() => [])));
  const jobSections = await Promise.all(jobs.map((job, index) => jobSection(job, decisions[index])));
  // What the run's artifact steps stored (reports, evidence), shown under their own heading.
  const stepTypes = (definition && definition.steps) || {};
  const reportPointers = [...artifactPointers(steps.filter(([stepID]) => stepTypes[stepID] && stepTypes[stepID].type === "artifact")
    .map(([, step]) => step.output))];
  const reports = await Promise.all(reportPointers.map(artifactView));
  if (state.page !== "run" || state.runID !== id) return;
  page(h("h1", {}, "Run ", h("code", {}, id)),
    facts([["Workflow", run.workflow_id], ["Status", h("span", { id: "run-status" }, statusOf(run.status))],
      ["Started", when(run.started_at || run.created_at)], ["Finished", when(run.completed_at)],
      ["Rerun of", run.rerun_of ? h("a", { href: "#/runs/" + enc(run.rerun_of) }, run.rerun_of) : ""],
      ["Error", run.error ? run.error.code + ": " + run.error.message : ""]]),
    h("div", { class: "actions" },
      h("button", { type: "button", onclick: rerun, disabled: !finished }, "Rerun"),
      h("button", { type: "button", class: "danger", onclick: cancel, disabled: finished }, "Cancel run")),
    message,
    h("h2", {}, "Steps"),
    dagSVG(definition, run),
    table("Steps", ["Step", "Status", "Attempts", "Started", "Finished", "Job"], steps.map(([stepID, step]) => [
      stepID, statusOf(step.status), String(step.attempts || 0), when(step.started_at), when(step.completed_at),
      step.job_id ? h("a", { href: "#job-" + step.job_id, onclick: (event) => { event.preventDefault(); const target = document.getElementById("job-" + step.job_id); if (target) target.focus(); } }, step.job_id) : "—"])),
    h("h2", {}, "Timeline"),
    h("ol", { class: "timeline" }, timeline.map((entry) => h("li", {},
      h("time", { datetime: entry.time }, when(entry.time)), " — ", entry.type,
      entry.step_id ? " · " + entry.step_id : "", entry.status ? " · " + entry.status : "",
      entry.message ? " · " + entry.message : ""))),
    reports.length ? [h("h2", {}, "Reports"), reports] : null,
    h("h2", {}, "Jobs"),
    jobSections.length ? jobSections : h("p", { class: "note" }, "No job ran yet."),
    h("h2", {}, "Input and output"),
    h("h3", {}, "Input"), h("pre", { tabindex: "0", "aria-label": "Run input" }, json(run.input)),
    h("h3", {}, "Output"), h("pre", { tabindex: "0", "aria-label": "Run output" }, json(run.output)));
  if (focus) focusMain();
}

/** Artifact pointers anywhere in a value (`redis://art:…`). */
function artifactPointers(value, found) {
  found = found || new Set();
  if (typeof value === "string" && /^redis:\/\/art:[A-Za-z0-9._:-]+$/.test(value)) found.add(value);
  else if (Array.isArray(value)) value.forEach((v) => artifactPointers(v, found));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => artifactPointers(v, found));
  return found;
}

const imageTypes = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"];
const textTypes = ["text/markdown", "text/plain", "application/json", "text/csv"];

async function artifactView(pointer) {
  try {
    const artifact = await api("GET", "/artifacts/" + enc(pointer));
    const type = ((artifact.metadata && (artifact.metadata.content_type || artifact.metadata.contentType)) || "").split(";")[0].trim();
    if (imageTypes.includes(type)) {
      return h("figure", {}, h("img", { class: "artifact", src: "data:" + type + ";base64," + artifact.content_base64,
        alt: "Artifact " + pointer + " (" + type + ")" }), h("figcaption", {}, pointer));
    }
    const bytes = Uint8Array.from(atob(artifact.content_base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: "application/octet-stream" }));
    const labels = (artifact.metadata && artifact.metadata.labels) || {};
    const download = h("p", {}, h("a", { href: url, download: labels.name || pointer.replace(/[^A-Za-z0-9._-]/g, "_") },
      "Download " + (labels.name || pointer)), " (" + (type || "unknown type") + ", " + bytes.length + " bytes)");
    if (textTypes.includes(type) && bytes.length <= 262144) {
      // A report or evidence document: shown as text (never as HTML), with its download link.
      return h("details", { open: true }, h("summary", {}, (labels.name ? labels.name + " — " : "") + pointer),
        h("pre", { tabindex: "0", "aria-label": "Artifact " + pointer }, new TextDecoder().decode(bytes)), download);
    }
    return download;
  } catch (error) { return h("p", { class: "error" }, pointer + ": " + error.message); }
}

async function jobSection(job, decisions) {
  const pointers = [...artifactPointers([job.input, job.result, job.artifact_ptrs])];
  const artifacts = await Promise.all(pointers.map(artifactView));
  return h("section", { class: "card", id: "job-" + job.id, tabindex: "-1", "aria-labelledby": "job-title-" + job.id },
    h("h3", { id: "job-title-" + job.id }, (job.step_id ? job.step_id + ": " : "") + job.topic),
    facts([["Job", h("code", {}, job.id)], ["State", statusOf(job.state)], ["Decision", statusOf(job.safety_decision)],
      ["Rule", job.safety_rule_id], ["Reason", job.safety_reason], ["Risk tags", h("span", {}, tags(job.risk_tags))],
      ["Worker", job.worker_id], ["Error", job.error ? job.error.code + ": " + job.error.message : ""]]),
    decisions.length ? table("Gate decisions of " + job.id, ["Phase", "Decision", "Rule", "Time"], decisions.map((d) =>
      [d.phase || "", statusOf(d.decision), d.rule_id || "", when(d.time || d.checked_at)])) : null,
    h("details", {}, h("summary", {}, "Input"), h("pre", { tabindex: "0", "aria-label": "Input of job " + job.id }, json(job.input))),
    h("details", { open: true }, h("summary", {}, "Output"), h("pre", { tabindex: "0", "aria-label": "Output of job " + job.id }, json(job.result))),
    artifacts.length ? [h("h4", {}, "Artifacts"), artifacts] : null);
}

// ---------------------------------------------------------------- packs

async function renderPacks() {
  let packs = [], market = null, error = null;
  try {
    [packs, market] = await Promise.all([api("GET", "/packs").then((d) => d.items), api("GET", "/marketplace/packs").catch(() => null)]);
  } catch (caught) { error = caught; }
  if (state.page !== "packs") return;
  const installed = new Set(packs.map((p) => p.id));
  const message = h("p", { class: "error", role: "alert" });
  const install = async (item) => {
    try {
      await api("POST", "/marketplace/install", { catalog_id: item.catalog_id, pack_id: item.id, version: item.version });
      announce("Installed " + item.id);
      renderPacks();
    } catch (caught) { message.textContent = caught.message; }
  };
  const offered = ((market && market.items) || []).filter((item) => !installed.has(item.id));
  page(h("h1", {}, "Packs"), error ? problem(error) : null,
    table("Installed packs", ["Pack", "Version", "Status", "Title", "Topics"], packs.map((p) => [
      h("a", { href: "#/packs/" + enc(p.id) }, p.id), p.version, statusOf(p.status),
      (p.manifest && p.manifest.metadata && p.manifest.metadata.title) || "", String(((p.manifest && p.manifest.topics) || []).length)])),
    h("h2", {}, "Install from the catalog"), message,
    offered.length ? table("Catalog packs", ["Pack", "Version", "Description", ""], offered.map((item) => [
      item.id, item.version, item.description || "",
      state.me.roles.includes("admin") ? h("button", { type: "button", onclick: () => install(item) }, "Install " + item.id) : "needs an admin key"]))
      : h("p", { class: "note" }, "No catalog pack to install (configure catalogs on the host)."));
  focusMain();
}

async function renderPack(id) {
  let pack;
  try { pack = await api("GET", "/packs/" + enc(id)); } catch (error) { page(h("h1", {}, "Pack " + id), problem(error)); return; }
  const topics = (pack.manifest && pack.manifest.topics) || [];
  const decisions = await Promise.all(topics.map((topic) => api("POST", "/policy/evaluate", {
    topic: topic.name, capability: topic.capability, risk_tags: topic.riskTags, pack_id: id,
  }).catch((error) => ({ decision: "ERROR", reason: error.message }))));
  let verification = null, verifyError = null;
  try { verification = await api("POST", "/packs/" + enc(id) + "/verify", {}); } catch (error) { verifyError = error; }
  if (state.page !== "packs") return;
  const plain = (decision) => String(decision || "").replace(/^DECISION_TYPE_/, "");
  const meta = (pack.manifest && pack.manifest.metadata) || {};
  page(h("h1", {}, meta.title || id, " ", h("span", { class: "note" }, pack.version)),
    h("p", {}, meta.description || ""),
    h("h2", {}, "Topics and decisions"),
    table("Topics of " + id, ["Topic", "Capability", "Risk tags", "Requires", "Decision", "Rule"], topics.map((topic, index) => [
      h("code", {}, topic.name), topic.capability || "", h("span", {}, tags(topic.riskTags)), (topic.requires || []).join(", "),
      statusOf(plain(decisions[index].decision)), decisions[index].ruleId || decisions[index].reason || ""])),
    h("h2", {}, "Policy simulations"),
    verifyError ? problem(verifyError) : table("Simulations of " + id, ["Simulation", "Expected", "Got", "Result", "Rule"],
      ((verification && verification.results) || []).map((r) => [r.name, r.expected, r.got,
        h("span", { class: "status " + (r.ok ? "status-succeeded" : "status-failed") }, r.ok ? "pass" : "FAIL"), r.rule_id || ""])));
  focusMain();
}

// ---------------------------------------------------------------- audit

async function renderAudit(params) {
  const filters = { run: params.get("run") || "", job: params.get("job") || "", principal: params.get("principal") || "" };
  let chain = null, chainError = null, records = [], error = null;
  try { chain = await api("GET", "/audit/verify"); } catch (caught) { chainError = caught; }
  try {
    let since = 0;
    for (let pages = 0; pages < 20; pages++) {
      const batch = (await api("GET", "/audit?since=" + since + "&limit=500")).items;
      records.push(...batch);
      if (batch.length < 500) break;
      since = batch[batch.length - 1].seq;
    }
  } catch (caught) { error = caught; }
  if (state.page !== "audit") return;
  const text = (record) => JSON.stringify(record);
  const matching = records.filter((record) =>
    (!filters.run || text(record).includes(filters.run)) &&
    (!filters.job || text(record).includes(filters.job)) &&
    (!filters.principal || record.principal === filters.principal)).reverse().slice(0, 300);
  const search = (event) => {
    event.preventDefault();
    const form = event.target;
    const next = new URLSearchParams();
    for (const name of ["run", "job", "principal"]) if (form.elements[name].value.trim()) next.set(name, form.elements[name].value.trim());
    location.hash = "#/audit" + (next.toString() ? "?" + next : "");
  };
  page(h("h1", {}, "Audit"),
    h("h2", {}, "Chain"),
    chain ? facts([["Status", h("span", { class: "status " + (chain.ok ? "status-succeeded" : "status-failed") }, chain.ok ? "intact" : "BROKEN")],
      ["Records", String(chain.records)], ["Head", chain.head ? "#" + chain.head.seq + " " + chain.head.hash : "—"],
      ["Signed checkpoint", chain.checkpoint ? "verified up to #" + chain.checkpoint.seq + " " + chain.checkpoint.hash : "none yet"],
      ["Problems", (chain.problems || []).map((p) => "#" + p.seq + " " + p.kind + ": " + p.message).join("; ")]])
      : h("p", { class: "note" }, "Chain verification: " + chainError.message),
    h("h2", {}, "Search"),
    h("form", { class: "filters", onsubmit: search, "aria-label": "Search the audit log" },
      h("label", {}, "Run id", h("input", { name: "run", type: "text", value: filters.run })),
      h("label", {}, "Job id", h("input", { name: "job", type: "text", value: filters.job })),
      h("label", {}, "Principal", h("input", { name: "principal", type: "text", value: filters.principal })),
      h("button", { type: "submit" }, "Search")),
    error ? problem(error) : null,
    h("p", { class: "note" }, matching.length + " of " + records.length + " records of tenant " + state.me.tenant + " (newest first, at most 300 shown)."),
    table("Audit records", ["#", "Time", "Kind", "Principal", "Subject"], matching.map((record) => [
      String(record.seq), when(record.time), record.kind, record.principal, h("code", {}, record.subject)])));
  focusMain();
}

// ---------------------------------------------------------------- start

document.addEventListener("DOMContentLoaded", async () => {
  document.getElementById("sign-in-form").addEventListener("submit", signIn);
  document.getElementById("sign-out").addEventListener("click", signOut);
  window.addEventListener("hashchange", route);
  try {
    const response = await fetch("/api/v1/session", { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.ok) started(await response.json());
    else showSignIn("");
  } catch (_) { showSignIn("The host cannot be reached."); }
});
