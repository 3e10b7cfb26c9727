//! The live board: open and waiting conversations per operator.
