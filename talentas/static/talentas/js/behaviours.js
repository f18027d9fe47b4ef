// Small page behaviours declared with data attributes instead of inline handlers (hx-on, onclick), which the
// Content-Security-Policy forbids: it allows only scripts from our own static files and no eval.
//   data-remove-closest="li"            the click removes the nearest enclosing <li>
//   data-fill="id_field" data-value="…"  the click writes the value into that field; with data-remove-closest,
//                                        the suggestions around it go away
//   data-copy="id_field" data-copied="…"  the click copies that field's value and says so; the button is hidden
//                                        in the HTML (the readonly field works alone) and shown here
//   .error-summary (components/error_summary.html)  a failed form's summary takes the focus when the page opens,
//                                        so it is read first and stays in view; each of its links moves the
//                                        focus to its field, with the field's label (or legend) scrolled into view
//   a link to a closed <details> (an operation on the API reference page) opens it, on arrival and on each jump
(function () {
  const openTarget = () => {
    const target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.tagName === "DETAILS") target.open = true;
  };
  openTarget();
  window.addEventListener("hashchange", openTarget);
  const summary = document.querySelector(".error-summary");
  if (summary) {
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    const fieldset = field.closest("fieldset");
    const caption = (fieldset && fieldset.querySelector("legend")) || document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
    (caption || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
  document.querySelectorAll("[data-copy]").forEach((button) => { button.hidden = !navigator.clipboard; });
  document.addEventListener("click", (event) => {
    const copy = event.target.closest("[data-copy]");
    if (copy) {
      const field = document.getElementById(copy.dataset.copy);
      if (field) navigator.clipboard.writeText(field.value).then(() => { copy.textContent = copy.dataset.copied; });
      return;
    }
    const trigger = event.target.closest("[data-remove-closest], [data-fill]");
    if (!trigger) return;
    if (trigger.dataset.fill) {
      const field = document.getElementById(trigger.dataset.fill);
      if (field) field.value = trigger.dataset.value || "";
    }
    if (trigger.dataset.removeClosest) {
      const container = trigger.closest(trigger.dataset.removeClosest);
      if (container) container.remove();
    }
  });
})();
