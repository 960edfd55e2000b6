//! Reading the shell scripts inside `RUN`.
