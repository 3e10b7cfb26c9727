//! The audit log: what only it keeps (sign-ins, exports, settings, opening a conversation), and reading every source of it in time order.
