// Starts `bcplan lsp` for the YAML files of a workspace that holds bcplan.yaml.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("bcplan");
  const command = config.get("path") || "bcplan";
  client = new LanguageClient(
    "bcplan",
    "bcplan",
    { command, args: ["lsp"] },
    {
      documentSelector: [{ scheme: "file", language: "yaml" }],
      initializationOptions: { ruleDocs: config.get("ruleDocs") || undefined },
    }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
