// The header menu folds behind a "Menu" button on narrow screens. Without this script the
// menu stays open, so every link is always reachable.
(function () {
  const toggle = document.querySelector(".nav-toggle");
  const menu = document.getElementById("site-menu");
  if (!toggle || !menu) return;
  const narrow = window.matchMedia("(max-width: 71.99rem)");

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("is-closed", !open);
  }

  toggle.hidden = false;
  setOpen(!narrow.matches);
  narrow.addEventListener("change", () => setOpen(!narrow.matches));
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  // Escape closes the open menu whether focus is on the button or inside the menu.
  toggle.parentElement.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && narrow.matches && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
})();
