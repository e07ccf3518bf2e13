// Progressive help for the application form; the page works without it.
// - After a refused sending, the focus moves to the error summary, so that a screen reader reads
//   it first and a keyboard user follows its links to each field.
// - A field shown only for some answers (`data-shown-if`, the definition's condition as data)
//   appears or hides as soon as the resident chooses; without this file it does on saving.
(function () {
  "use strict";
  var summary = document.getElementById("faults");
  if (summary) {
    summary.focus();
  }
  var form = document.querySelector("form.app-form");
  if (!form) {
    return;
  }
  var slots = form.querySelectorAll("[data-shown-if]");
  if (!slots.length) {
    return;
  }

  function valueOf(key) {
    var field = form.elements.namedItem("f." + key);
    if (!field) {
      field = form.elements.namedItem("f." + key + ".lat");
    }
    if (!field) {
      return null;
    }
    return field.value === undefined ? null : field.value;
  }

  function same(value, options) {
    if (value === null || value === "") {
      return false;
    }
    // As the server compares (spec.Condition): the answer as text, `true` as "true".
    return options.some(function (o) {
      return String(o) === String(value);
    });
  }

  function holds(c) {
    if (c.field) {
      var value = valueOf(c.field);
      if (c.filled !== undefined) {
        return (value !== null && value !== "") === c.filled;
      }
      if (c["in"] !== undefined) {
        return same(value, c["in"]);
      }
      return same(value, [c.equals]);
    }
    if (c.all) {
      return c.all.every(holds);
    }
    if (c.any) {
      return c.any.some(holds);
    }
    if (c.not) {
      return !holds(c.not);
    }
    return true;
  }

  function update() {
    slots.forEach(function (slot) {
      try {
        slot.hidden = !holds(JSON.parse(slot.getAttribute("data-shown-if")));
      } catch (e) {
        slot.hidden = false;
      }
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
})();
