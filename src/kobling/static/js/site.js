// The menu button on narrow screens. Without JavaScript the menu is simply shown in full.
(function () {
  "use strict";
  function setUp() {
    var toggle = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!toggle || !menu) {
      return;
    }
    document.documentElement.classList.add("has-menu-toggle");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
      menu.classList.toggle("is-open", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        menu.classList.remove("is-open");
        toggle.focus();
      }
    });
    // A group (for example Administration) closes when the focus or a click goes elsewhere.
    document.addEventListener("click", function (event) {
      document.querySelectorAll(".site-nav__group details[open]").forEach(function (group) {
        if (!group.contains(event.target)) {
          group.open = false;
        }
      });
    });
  }
  // A table wider than its box scrolls sideways; keyboard users must be able to reach it (WCAG 2.1.1).
  function scrollersReachable(root) {
    (root || document).querySelectorAll(".table-wrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (caption && !box.hasAttribute("aria-label")) {
          box.setAttribute("aria-label", caption.textContent.trim());
        }
      }
    });
  }
  function start() {
    setUp();
    scrollersReachable(document);
    document.body.addEventListener("htmx:afterSwap", function (event) {
      scrollersReachable(event.target);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
