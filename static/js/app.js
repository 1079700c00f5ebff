// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-menu-toggle]");
  const nav = document.getElementById("mainnav");
  if (toggle && nav) {
    toggle.addEventListener("click", () => {
      const open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", String(open));
    });
  }
  // On a desktop the side menu shows every module and the board shows its filters; on a phone
  // they stay folded (a teacher's menu is a handful of daily entries).
  if (window.matchMedia("(min-width: 800px)").matches) {
    document.querySelectorAll("[data-nav-more], [data-filters]").forEach((el) => { el.open = true; });
  }
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
  // A link to something slow (a PDF of labels) says it is being prepared until the answer comes.
  document.querySelectorAll("a[data-busy-text]").forEach((link) => {
    const idle = link.textContent;
    link.addEventListener("click", () => {
      link.textContent = link.dataset.busyText;
      link.setAttribute("aria-busy", "true");
    });
    window.addEventListener("pageshow", () => {
      link.textContent = idle;
      link.removeAttribute("aria-busy");
    });
  });
  const refresh = document.querySelector("[data-refresh]");
  if (refresh) {
    setTimeout(() => window.location.reload(), Number(refresh.dataset.refresh) * 1000);
  }
});
