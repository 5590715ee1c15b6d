-- Opens $BCPLAN_PLAN in Neovim with `bcplan lsp` attached and writes the diagnostics that arrive
-- to $BCPLAN_RESULT, one `line:col:code` per line (0-based). Used by tests/neovim.rs.
local bin = os.getenv("BCPLAN_BIN")
local plan = os.getenv("BCPLAN_PLAN")
local result = os.getenv("BCPLAN_RESULT")
vim.cmd("edit " .. vim.fn.fnameescape(plan))
local buf = vim.api.nvim_get_current_buf()
local config = {
  name = "bcplan",
  cmd = { bin, "lsp" },
  root_dir = os.getenv("BCPLAN_ROOT"),
}
-- vim.lsp.start (0.8+) finds or starts a client and attaches it; 0.7 has start_client only.
local client
if vim.lsp.start then
  client = vim.lsp.start(config)
else
  client = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(buf, client)
end
vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then
    code = d.user_data.lsp.code
  end
  table.insert(lines, string.format("%d:%d:%s", d.lnum, d.col, tostring(code)))
end
vim.fn.writefile(lines, result)
vim.lsp.stop_client(client)
vim.cmd("qall!")
