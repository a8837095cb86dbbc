//! What can be wrong with a description file, and where.

use std::fmt;

/// What is wrong, for a program to match on; the message says it for a
/// person.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not TOML (the TOML parser's complaint).
    Syntax,
    /// A key the table does not have.
    UnknownField {
        /// The key.
        field: String,
    },
    /// A required key is absent.
    MissingField {
        /// The key.
        field: String,
    },
    /// A value of the wrong TOML type (a string where a number belongs,
    /// ...).
    WrongType {
        /// The key.
        field: String,
    },
    /// A quantity of the wrong kind (a length where a conductance
    /// belongs), a unit we do not know, or a number without its unit.
    WrongUnit {
        /// The key.
        field: String,
    },
    /// A number that is not one (`"1.2.3 nS"`, NaN, out of range).
    BadNumber {
        /// The key.
        field: String,
    },
    /// A projection names a population that is not declared.
    UnknownPopulation {
        /// The name.
        name: String,
    },
    /// Two populations, or two projections between the same pair, share
    /// a name.
    DuplicateName {
        /// The name.
        name: String,
    },
    /// A value the model refuses (a negative standard deviation, a
    /// probability above 1, more synapses than pairs, ...).
    Invalid {
        /// The key, or the projection.
        field: String,
    },
}

/// An error in a description file: the file, the 1-based line and column
/// of the offending value (or key), and what is wrong.
///
/// ```
/// let e = init_description::parse("[network]\nweight_unit = \"10 um\"\n", "net.toml")
///     .unwrap_err();
/// assert_eq!((e.line(), e.column()), (2, 15));
/// assert!(e.to_string().starts_with("net.toml:2:15: "));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct DescriptionError {
    file: String,
    line: usize,
    column: usize,
    kind: ErrorKind,
    message: String,
}

impl DescriptionError {
    pub(crate) fn new(
        file: &str,
        (line, column): (usize, usize),
        kind: ErrorKind,
        message: String,
    ) -> Self {
        DescriptionError {
            file: file.to_string(),
            line,
            column,
            kind,
            message,
        }
    }

    /// The file's name as given to [`crate::parse`] or [`crate::load`].
    pub fn file(&self) -> &str {
        &self.file
    }

    /// 1-based line.
    pub fn line(&self) -> usize {
        self.line
    }

    /// 1-based column, in characters.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// The message without the file and position.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DescriptionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for DescriptionError {}

/// A description that could not be read or built.
#[derive(Debug)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be read.
    Io {
        /// The path.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a valid description.
    Description(DescriptionError),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io { path, source } => write!(f, "{path}: {source}"),
            LoadError::Description(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoadError::Io { source, .. } => Some(source),
            LoadError::Description(e) => Some(e),
        }
    }
}

impl From<DescriptionError> for LoadError {
    fn from(e: DescriptionError) -> Self {
        LoadError::Description(e)
    }
}
