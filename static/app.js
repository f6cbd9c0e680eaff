// IPP page behaviour: language picker, and the reviewer's keyboard, selection and lease.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    if (event.target.matches("select.autosubmit")) event.target.form.submit();
    if (event.target.matches("input.select-listing")) countSelected();
  });

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function listings() {
    return Array.prototype.slice.call(document.querySelectorAll("article.listing"));
  }

  function focusedListing() {
    return document.activeElement && document.activeElement.closest("article.listing");
  }

  function moveListing(step) {
    var items = listings();
    if (!items.length) return;
    var index = items.indexOf(focusedListing());
    var next = items[Math.max(0, Math.min(items.length - 1, index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  function click(id) {
    var element = document.getElementById(id);
    if (!element) return;
    // A key pressed while htmx is still settling fresh content: make sure it has bound
    // the form, or the click would post the whole page instead of swapping it.
    if (window.htmx && element.form) window.htmx.process(element.form);
    element.click();
  }

  function countSelected() {
    var output = document.getElementById("selected-count");
    if (output) output.textContent = document.querySelectorAll("input.select-listing:checked").length;
  }

  function toggleFocused() {
    var item = focusedListing();
    var box = item && item.querySelector("input.select-listing");
    if (box) { box.checked = !box.checked; countSelected(); }
  }

  // "verdict:review", "seller:shop-1", "all", "none": tick the matching listings here
  // instead of following the link (which does the same on the server without JavaScript).
  function select(selector) {
    var colon = selector.indexOf(":");
    var kind = colon < 0 ? selector : selector.slice(0, colon);
    var value = colon < 0 ? "" : selector.slice(colon + 1);
    listings().forEach(function (item) {
      var box = item.querySelector("input.select-listing");
      if (!box) return;
      box.checked = kind === "all" || (kind !== "none" && item.dataset[kind] === value);
    });
    countSelected();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-select]");
    if (!link) return;
    event.preventDefault();
    select(link.dataset.select);
  });

  function onKeyInField(event) {
    // Enter on the chosen reason rejects; Ctrl+Enter in the note asks for information.
    if (event.key === "Enter" && event.target.id === "reason_code" && event.target.value) {
      click("reject");
    } else if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.id === "note") {
      click("need-info");
    } else if (event.key === "Escape") {
      event.target.blur();
    } else {
      return;
    }
    event.preventDefault();
  }

  document.addEventListener("keydown", function (event) {
    if (typing(event.target)) { onKeyInField(event); return; }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var reason = document.getElementById("reason_code");
    var note = document.getElementById("note");
    switch (event.key) {
      case "j": moveListing(1); break;
      case "k": moveListing(-1); break;
      case "x": toggleFocused(); break;
      case "n": click("next"); break;
      case "t": click("takedown"); break;
      case "r":
        // First r opens the reason picker; with a reason chosen, r (or Enter) rejects.
        if (reason && !reason.value) { reason.focus(); } else { click("reject"); }
        break;
      case "i":
        if (note && !note.value.trim()) { note.focus(); } else { click("need-info"); }
        break;
      default: return;
    }
    event.preventDefault();
  });

  // A refused decision comes back as the page with its errors (422): show it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // The heartbeat was refused: the lease is gone, say so instead of failing on submit.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt.id === "review" && event.detail.xhr.status === 409) {
      var notice = document.getElementById("lease-lost");
      if (notice) notice.hidden = false;
    }
  });

  // Leaving the page hands the complaint back (after a short grace, so a reload keeps it).
  // A beacon cannot send headers, so the CSRF token travels in the form body.
  var released = false;
  window.addEventListener("pagehide", function () {
    var review = document.querySelector("[data-release-url]");
    var token = document.querySelector("input[name=csrf_token]");
    if (!review || !token || !navigator.sendBeacon) return;
    released = navigator.sendBeacon(review.dataset.releaseUrl,
      new URLSearchParams({ csrf_token: token.value, via: "beacon" }));
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && released) window.location.reload();
  });
})();
