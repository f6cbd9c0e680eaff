// IPP page behaviour: language picker, and the reviewer's keyboard shortcuts.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches("select.autosubmit")) event.target.form.submit();
  });

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function moveListing(step) {
    var items = Array.prototype.slice.call(document.querySelectorAll("article.listing"));
    if (!items.length) return;
    var index = items.indexOf(document.activeElement.closest("article.listing"));
    var next = items[Math.max(0, Math.min(items.length - 1, index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  function click(id) {
    var element = document.getElementById(id);
    if (element) element.click();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var reason = document.getElementById("reason_code");
    var note = document.getElementById("note");
    switch (event.key) {
      case "j": moveListing(1); break;
      case "k": moveListing(-1); break;
      case "n": click("next"); break;
      case "t": click("takedown"); break;
      case "r":
        // First r picks a reason; with one chosen, r rejects.
        if (reason && !reason.value) { reason.focus(); } else { click("reject"); }
        break;
      case "i":
        if (note && !note.value.trim()) { note.focus(); } else { click("need-info"); }
        break;
      default: return;
    }
    event.preventDefault();
  });
})();
