/* The drafts page: every LAKSA report saved on this phone (outbox.js), with its state; a waiting
   or refused one can be edited (on the report form) or discarded, a sent one links to its case.
   One whose earlier version was received (its key went before with other content) links to the
   resident's reports and is discarded or sent as a new report, deliberately. One written under
   another account shows only that it exists: the phone's next user is another person, who may
   discard it but neither read nor send it. */
(function () {
  "use strict";
  var list = document.getElementById("draft-list");
  var none = document.getElementById("no-drafts");
  if (!list || !window.laksaOutbox) return;
  var outbox = window.laksaOutbox;
  var t = list.dataset;
  var names = {};
  try { names = JSON.parse(document.getElementById("draft-categories").textContent); } catch (e) { names = {}; }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function saved(d) {
    return el("span", " · " + t.saved + " " + new Date(d.savedAt).toLocaleString(document.documentElement.lang || undefined), "muted");
  }

  function discard(d) {
    var drop = el("button", d.state === "sent" ? t.remove : t.discard, "secondary");
    drop.type = "button";
    drop.addEventListener("click", function () {
      if (d.state !== "sent" && !window.confirm(t.confirm)) return;
      outbox.remove(d.key).then(render);
    });
    return drop;
  }

  function other(d) {
    var li = el("li", "", "draft draft-other");
    li.id = d.key;
    var title = el("p");
    title.appendChild(el("strong", t.otherTitle));
    li.appendChild(title);
    var state = el("p", t.stateOther, "draft-state");
    state.appendChild(saved(d));
    li.appendChild(state);
    var actions = el("p", "", "draft-actions");
    actions.appendChild(discard(d));
    li.appendChild(actions);
    return li;
  }

  function item(d) {
    if (outbox.foreign(d)) return other(d);
    var li = el("li", "", "draft draft-" + d.state);
    li.id = d.key;
    var f = d.fields || {};
    var title = el("p");
    title.appendChild(el("strong", names[f.category] || f.category || ""));
    li.appendChild(title);
    var text = (f.description || "").trim();
    li.appendChild(el("p", text ? (text.length > 140 ? text.slice(0, 140) + "…" : text) : t.noDescription));
    var state = el("p", "", "draft-state");
    if (d.state === "sent") {
      state.appendChild(document.createTextNode(t.stateSent + " "));
      var a = el("a", d.ref || d.url);
      a.href = d.url;
      if (d.url) state.appendChild(a);
    } else if (d.state === "refused") {
      state.textContent = t.stateRefused + " " + (d.detail || "");
    } else if (d.state === "earlier") {
      state.appendChild(document.createTextNode(t.stateEarlier + " "));
      var mine = el("a", t.mine);
      mine.href = t.mineUrl;
      state.appendChild(mine);
    } else {
      state.textContent = t.stateWaiting + (d.needsSignin ? ". " + t.stateSignin : "");
    }
    state.appendChild(saved(d));
    li.appendChild(state);
    var actions = el("p", "", "draft-actions");
    if (d.state === "earlier") {
      var again = el("button", t.sendNew, "secondary");
      again.type = "button";
      again.addEventListener("click", function () {
        outbox.sendAsNew(d.key).then(function () { return render(); }).then(function () {
          if (outbox.kick) outbox.kick();
        });
      });
      actions.appendChild(again);
      actions.appendChild(document.createTextNode(" "));
    }
    if (d.state !== "sent") {
      var edit = el("a", t.edit, "button secondary");
      edit.href = t.report + "#draft=" + encodeURIComponent(d.key);
      actions.appendChild(edit);
      actions.appendChild(document.createTextNode(" "));
    }
    actions.appendChild(discard(d));
    li.appendChild(actions);
    return li;
  }

  function render() {
    return outbox.all().then(function (drafts) {
      list.textContent = "";
      /* Another account's sent report is theirs to see (in their reports), not this person's. */
      var shown = drafts.filter(function (d) { return d.state !== "sent" || !outbox.foreign(d); });
      shown.forEach(function (d) { list.appendChild(item(d)); });
      if (none) none.hidden = shown.length > 0;
    }).catch(function () { return undefined; });
  }

  document.addEventListener("laksa-outbox", render);
  render();
})();
