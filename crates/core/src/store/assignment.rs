//! Who gets which conversation: open conversations per manager, the queue, overdue replies.
