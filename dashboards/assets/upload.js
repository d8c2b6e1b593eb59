// The Import page weighs uploads in the browser, so files over [limits] max_upload_mb are never sent.
window.dash_clientside = Object.assign({}, window.dash_clientside, {
    runsense: Object.assign({}, (window.dash_clientside || {}).runsense, {
        weighUploads: function (contents, names, limitBytes) {
            const noUpdate = window.dash_clientside.no_update;
            if (!contents || contents.length === 0) {
                return [noUpdate, noUpdate];
            }
            const total = contents.reduce((sum, c) => sum + Math.floor((c.length - c.indexOf(",") - 1) * 3 / 4), 0);
            if (limitBytes && total > limitBytes) {
                const mb = (n) => (n / 1048576).toFixed(n < 10 * 1048576 ? 1 : 0);
                const text = "Nothing was imported: these files come to " + mb(total) + " MB, over the " + mb(limitBytes) +
                    " MB an upload may hold ([limits] max_upload_mb). Upload fewer at a time, or import them with `runsense import PATH`.";
                return [noUpdate, {namespace: "dash_html_components", type: "P", props: {children: text, className: "message error", id: "import-summary"}}];
            }
            return [{contents: contents, names: names || []}, "Importing…"];
        }
    })
});
