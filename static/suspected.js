// Suspected listings: the header checkbox selects or clears every row.
document.addEventListener("change", (event) => {
  if (event.target.id !== "select-all") return;
  const form = event.target.closest("form");
  form.querySelectorAll('input[name="suspect"]').forEach((box) => {
    box.checked = event.target.checked;
  });
});
