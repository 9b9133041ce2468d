;;; rampart.el --- rampart's language server with eglot  -*- lexical-binding: t; -*-

;; Load this file (or paste it into init.el), then M-x eglot in a YAML,
;; JSON, Terraform or Rego buffer; or enable `eglot-ensure' in the hooks
;; below. Needs Emacs 29+ (eglot built in) or eglot from ELPA.

(require 'eglot)

(defgroup rampart nil
  "rampart security linter."
  :group 'tools)

(defcustom rampart-command '("rampart" "lsp")
  "The command that starts rampart's language server.
Add \"--debounce\" \"300ms\" or \"--log-file\" \"/tmp/rampart.log\" as needed."
  :type '(repeat string))

(defconst rampart-modes
  '(yaml-mode yaml-ts-mode json-mode json-ts-mode js-json-mode
    terraform-mode hcl-mode rego-mode)
  "Major modes whose files rampart may lint.")

(add-to-list 'eglot-server-programs
             (cons rampart-modes (lambda (&rest _) rampart-command)))

;; Uncomment to start rampart automatically:
;; (dolist (hook '(yaml-mode-hook yaml-ts-mode-hook json-mode-hook json-ts-mode-hook
;;                 terraform-mode-hook hcl-mode-hook))
;;   (add-hook hook #'eglot-ensure))

(provide 'rampart)
;;; rampart.el ends here
