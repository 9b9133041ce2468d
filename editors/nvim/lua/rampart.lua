-- rampart's language server for Neovim, without plugins.
--
--   require('rampart').setup()                      -- Neovim 0.8+
--   require('rampart').setup({ cmd = { '/path/to/rampart', 'lsp' } })
--
-- Put this directory on 'runtimepath' (or copy the file to
-- ~/.config/nvim/lua/rampart.lua). On Neovim 0.7, setup() falls back to
-- vim.lsp.start_client + vim.lsp.buf_attach_client.
local M = {}

M.defaults = {
  name = 'rampart',
  cmd = { 'rampart', 'lsp' },
  filetypes = { 'yaml', 'yaml.github', 'json', 'jsonc', 'terraform', 'hcl', 'rego' },
  root_markers = { '.rampart.yaml', '.git' },
  debounce = nil, -- e.g. '300ms': passed as --debounce
}

local function root_dir(buf, markers)
  local path = vim.api.nvim_buf_get_name(buf)
  local found = vim.fs and vim.fs.find and vim.fs.find(markers, { upward = true, path = vim.fs.dirname(path) })[1]
  if found then
    return vim.fs.dirname(found)
  end
  return vim.fn.getcwd()
end

local clients = {} -- 0.7 fallback: root dir -> client id

function M.setup(opts)
  opts = vim.tbl_deep_extend('force', M.defaults, opts or {})
  local cmd = vim.deepcopy(opts.cmd)
  if opts.debounce then
    vim.list_extend(cmd, { '--debounce', opts.debounce })
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('rampart_lsp', { clear = true }),
    pattern = opts.filetypes,
    callback = function(ev)
      if vim.api.nvim_buf_get_name(ev.buf) == '' then
        return -- the server lints files, not unnamed buffers
      end
      local root = root_dir(ev.buf, opts.root_markers)
      if vim.lsp.start then -- 0.8+: reuses a client with the same name and root
        vim.lsp.start({ name = opts.name, cmd = cmd, root_dir = root }, { bufnr = ev.buf })
        return
      end
      local id = clients[root]
      if not id or not vim.lsp.get_client_by_id(id) then
        id = vim.lsp.start_client({ name = opts.name, cmd = cmd, root_dir = root })
        clients[root] = id
      end
      if id then
        vim.lsp.buf_attach_client(ev.buf, id)
      end
    end,
  })
end

return M
