// Loaded on pages with ipywidgets, after require.js and before the widget manager (embed-amd.js).

// 1. Resolve AMD module URLs under the site's own _static/offline/ folder: the widget manager
//    finds its web fonts next to its modules' URLs, which require.js derives from baseUrl;
//    without this they would be looked up beside each page.
require.config({ baseUrl: document.documentElement.dataset.content_root + "_static/offline/" });

// 2. ipywidgets 8 typesets widget labels with the MathJax 2 API (MathJax.Hub.Queue); the site
//    runs MathJax 3. Translate before the manager renders (it renders on "load", after us).
window.addEventListener("load", () => {
  const mathjax = window.MathJax;
  if (!mathjax || mathjax.Hub || !mathjax.typesetPromise) return;
  mathjax.Hub = {
    Queue: (...commands) => {
      for (const [command, , element] of commands) {
        if (command === "Typeset") mathjax.startup.promise.then(() => mathjax.typesetPromise([element]));
      }
    },
  };
});
