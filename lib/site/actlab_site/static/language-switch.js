/* The link to the same page in the other edition (actlab_site.language_switch) keeps the reader's
   place: the section (#hash; both editions give a section the same id) and the explorers' state
   (the ?query). Without JavaScript the link still leads to the top of the same page. */
document.addEventListener("click", function (event) {
  const link = event.target.closest && event.target.closest("a.actlab-language-switch");
  if (link) link.href = link.href.split(/[?#]/)[0] + window.location.search + window.location.hash;
});
