/// The marketplace's one style sheet and one script, written by hand (no framework: the pages are static lists
/// and the script only filters them; without script every pack is shown).
enum MarketplaceAssets {
    static let css = """
        :root { color: #1a1a1a; background: #ffffff; line-height: 1.45;
          font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        body { margin: 0; }
        a { color: #0b4fa8; }
        a:focus-visible, input:focus-visible, select:focus-visible, main:focus-visible {
          outline: 3px solid #e8a100; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: #ffffff; padding: .5rem; }
        .skip:focus { left: .5rem; }
        .top { background: #16213a; padding: .7rem 1rem; }
        .top .brand { color: #ffffff; font-weight: 700; text-decoration: none; }
        main { padding: 1rem 1.2rem 3rem; max-width: 72rem; }
        .filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; margin: 1rem 0; }
        input, select { font: inherit; padding: .3rem .4rem; border: 1px solid #6b7280; border-radius: 4px; }
        .cards { list-style: none; padding: 0; display: grid; gap: 1rem;
          grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }
        .card { border: 1px solid #c8ccd2; border-radius: 6px; padding: .8rem 1rem; }
        .card h2 { font-size: 1.15rem; margin: 0 0 .2rem; }
        .meta { color: #4a4a4a; }
        .risk { display: flex; gap: 1rem; margin: .4rem 0; }
        .risk div { display: flex; gap: .3rem; }
        .risk dt { color: #4a4a4a; }
        .risk dd { margin: 0; font-weight: 700; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
        .facts dt { font-weight: 600; color: #4a4a4a; }
        .facts dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; }
        th, td { border-bottom: 1px solid #c8ccd2; padding: .35rem .5rem; text-align: left; vertical-align: top; }
        th { background: #f3f4f6; }
        pre { background: #f3f4f6; padding: .6rem; overflow: auto; border: 1px solid #c8ccd2; }
        .tag { display: inline-block; border: 1px solid #4a4a4a; border-radius: 3px; padding: 0 .3rem; font-size: .85rem; }
        .tag-write { border-color: #7a4b00; color: #7a4b00; }
        .tag-destructive, .tag-prod, .tag-secrets { border-color: #a1121e; color: #a1121e; }
        .decision-ALLOW { color: #13652f; font-weight: 600; }
        .decision-DENY { color: #a1121e; font-weight: 600; }
        .decision-REQUIRE_APPROVAL { color: #5b2a86; font-weight: 600; }

        """

    static let script = """
        "use strict";
        // Filters the cards of the marketplace page by text and by risk; the page works without it.
        document.addEventListener("DOMContentLoaded", () => {
          const search = document.getElementById("search");
          const risk = document.getElementById("risk");
          const cards = Array.from(document.querySelectorAll("#cards > li"));
          if (!search || !risk) return;
          const params = new URLSearchParams(location.search);
          search.value = params.get("q") || "";
          risk.value = params.get("risk") || "";
          const apply = () => {
            const words = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
            let shown = 0;
            for (const card of cards) {
              const text = card.dataset.search || "";
              const tags = (card.dataset.risk || "").split(" ");
              const visible = words.every((word) => text.includes(word)) && (!risk.value || tags.includes(risk.value));
              card.hidden = !visible;
              if (visible) shown++;
            }
            document.getElementById("shown").textContent = shown + " of " + cards.length + " packs shown";
            document.getElementById("none").hidden = shown !== 0;
          };
          search.addEventListener("input", apply);
          risk.addEventListener("change", apply);
          document.getElementById("filters").addEventListener("submit", (event) => event.preventDefault());
          apply();
        });

        """
}
