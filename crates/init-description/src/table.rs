//! Reading the spanned TOML tree: a table's fields by name, each value
//! with its position, and the typed errors that name the field.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{DescriptionError, ErrorKind};
use crate::source::Source;

/// A value and its byte range in the file.
pub(crate) type Item<'i> = Spanned<DeValue<'i>>;

/// The name of a TOML type, for messages.
pub(crate) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// Builds errors at positions of one source.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'s, 'a> {
    pub(crate) src: &'s Source<'a>,
}

impl Ctx<'_, '_> {
    pub(crate) fn err(
        &self,
        span: &Range<usize>,
        kind: ErrorKind,
        message: impl Into<String>,
    ) -> DescriptionError {
        DescriptionError::new(&self.src.name, self.src.at(span), kind, message.into())
    }

    pub(crate) fn wrong_type(
        &self,
        field: &str,
        item: &Item<'_>,
        expected: &str,
    ) -> DescriptionError {
        self.err(
            &item.span(),
            ErrorKind::WrongType {
                field: field.to_string(),
            },
            format!(
                "`{field}` must be {expected}, found {}",
                type_name(item.get_ref())
            ),
        )
    }

    pub(crate) fn invalid(
        &self,
        field: &str,
        span: &Range<usize>,
        why: impl std::fmt::Display,
    ) -> DescriptionError {
        self.err(
            span,
            ErrorKind::Invalid {
                field: field.to_string(),
            },
            format!("`{field}`: {why}"),
        )
    }

    pub(crate) fn bad_number(
        &self,
        field: &str,
        span: &Range<usize>,
        why: impl std::fmt::Display,
    ) -> DescriptionError {
        self.err(
            span,
            ErrorKind::BadNumber {
                field: field.to_string(),
            },
            format!("`{field}`: {why}"),
        )
    }
}

/// A TOML table being read: what it is called in messages, where it is,
/// and its entries. [`Table::fields`] refuses keys it does not list.
pub(crate) struct Table<'t, 'i, 's, 'a> {
    pub(crate) ctx: Ctx<'s, 'a>,
    /// For messages: `[[projection]] L4E -> L23E`, `weights`, ...
    pub(crate) what: String,
    pub(crate) span: Range<usize>,
    entries: &'t DeTable<'i>,
}

impl<'t, 'i, 's, 'a> Table<'t, 'i, 's, 'a> {
    pub(crate) fn new(
        ctx: Ctx<'s, 'a>,
        what: impl Into<String>,
        item: &'t Item<'i>,
    ) -> Result<Self, DescriptionError> {
        let what = what.into();
        match item.get_ref() {
            DeValue::Table(t) => Ok(Table {
                ctx,
                what,
                span: item.span(),
                entries: t,
            }),
            _ => Err(ctx.wrong_type(&what, item, "a table")),
        }
    }

    pub(crate) fn root(ctx: Ctx<'s, 'a>, doc: &'t Spanned<DeTable<'i>>) -> Self {
        Table {
            ctx,
            what: "the file".into(),
            span: doc.span(),
            entries: doc.get_ref(),
        }
    }

    /// The same table under another name in messages.
    pub(crate) fn renamed(self, what: String) -> Self {
        Table { what, ..self }
    }

    /// Error on the first key not in `allowed` (in file order).
    pub(crate) fn fields(&self, allowed: &[&str]) -> Result<(), DescriptionError> {
        let mut unknown: Vec<(&Spanned<_>, &str)> = self
            .entries
            .keys()
            .map(|k| (k, k.get_ref().as_ref()))
            .filter(|(_, k)| !allowed.contains(k))
            .collect();
        unknown.sort_by_key(|(k, _)| k.span().start);
        if let Some((k, name)) = unknown.first() {
            let mut list = allowed.to_vec();
            list.sort_unstable();
            return Err(self.ctx.err(
                &k.span(),
                ErrorKind::UnknownField {
                    field: name.to_string(),
                },
                format!(
                    "unknown field `{name}` in {} (expected one of: {})",
                    self.what,
                    list.join(", ")
                ),
            ));
        }
        Ok(())
    }

    /// The value of `key`, if present.
    pub(crate) fn get(&self, key: &str) -> Option<&'t Item<'i>> {
        self.entries
            .iter()
            .find(|(k, _)| k.get_ref().as_ref() == key)
            .map(|(_, v)| v)
    }

    /// The value of `key`, or an error at the table.
    pub(crate) fn req(&self, key: &str) -> Result<&'t Item<'i>, DescriptionError> {
        self.get(key).ok_or_else(|| {
            self.ctx.err(
                &self.span,
                ErrorKind::MissingField {
                    field: key.to_string(),
                },
                format!("{} needs the field `{key}`", self.what),
            )
        })
    }

    /// Where `key` itself is written (the table when it is absent).
    pub(crate) fn key_span(&self, key: &str) -> Range<usize> {
        self.entries
            .keys()
            .find(|k| k.get_ref().as_ref() == key)
            .map_or(self.span.clone(), |k| k.span())
    }

    pub(crate) fn span_of(&self, key: &str) -> Range<usize> {
        self.get(key).map_or(self.span.clone(), |v| v.span())
    }

    pub(crate) fn str(&self, key: &str) -> Result<&'t str, DescriptionError> {
        as_str(self.ctx, key, self.req(key)?)
    }

    pub(crate) fn opt_str(&self, key: &str) -> Result<Option<&'t str>, DescriptionError> {
        self.get(key).map(|v| as_str(self.ctx, key, v)).transpose()
    }

    pub(crate) fn opt_bool(&self, key: &str) -> Result<Option<bool>, DescriptionError> {
        self.get(key)
            .map(|v| match v.get_ref() {
                DeValue::Boolean(b) => Ok(*b),
                _ => Err(self.ctx.wrong_type(key, v, "true or false")),
            })
            .transpose()
    }

    /// A plain number (an integer is taken as the float it writes).
    pub(crate) fn number(&self, key: &str) -> Result<f64, DescriptionError> {
        as_number(self.ctx, key, self.req(key)?)
    }

    pub(crate) fn opt_number(&self, key: &str) -> Result<Option<f64>, DescriptionError> {
        self.get(key)
            .map(|v| as_number(self.ctx, key, v))
            .transpose()
    }

    /// A non-negative integer.
    pub(crate) fn count(&self, key: &str) -> Result<u64, DescriptionError> {
        as_count(self.ctx, key, self.req(key)?)
    }

    pub(crate) fn opt_count(&self, key: &str) -> Result<Option<u64>, DescriptionError> {
        self.get(key)
            .map(|v| as_count(self.ctx, key, v))
            .transpose()
    }

    pub(crate) fn table(&self, key: &str) -> Result<Table<'t, 'i, 's, 'a>, DescriptionError> {
        Table::new(self.ctx, key, self.req(key)?)
    }

    pub(crate) fn opt_table(
        &self,
        key: &str,
    ) -> Result<Option<Table<'t, 'i, 's, 'a>>, DescriptionError> {
        self.get(key)
            .map(|v| Table::new(self.ctx, key, v))
            .transpose()
    }

    pub(crate) fn array(&self, key: &str) -> Result<&'t [Item<'i>], DescriptionError> {
        as_array(self.ctx, key, self.req(key)?)
    }

    pub(crate) fn opt_array(&self, key: &str) -> Result<Option<&'t [Item<'i>]>, DescriptionError> {
        self.get(key)
            .map(|v| as_array(self.ctx, key, v))
            .transpose()
    }

    /// An error at `key`'s value (or the table when it is absent).
    pub(crate) fn invalid(&self, key: &str, why: impl std::fmt::Display) -> DescriptionError {
        self.ctx.invalid(key, &self.span_of(key), why)
    }
}

pub(crate) fn as_str<'t>(
    ctx: Ctx<'_, '_>,
    key: &str,
    v: &'t Item<'_>,
) -> Result<&'t str, DescriptionError> {
    match v.get_ref() {
        DeValue::String(s) => Ok(s.as_ref()),
        _ => Err(ctx.wrong_type(key, v, "a string")),
    }
}

pub(crate) fn as_array<'t, 'i>(
    ctx: Ctx<'_, '_>,
    key: &str,
    v: &'t Item<'i>,
) -> Result<&'t [Item<'i>], DescriptionError> {
    match v.get_ref() {
        DeValue::Array(a) => Ok(a.as_ref()),
        _ => Err(ctx.wrong_type(key, v, "an array")),
    }
}

pub(crate) fn as_number(
    ctx: Ctx<'_, '_>,
    key: &str,
    v: &Item<'_>,
) -> Result<f64, DescriptionError> {
    let x = match v.get_ref() {
        DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
        DeValue::Integer(i) => i64::from_str_radix(&i.as_str().replace('_', ""), i.radix())
            .ok()
            .map(|i| i as f64),
        DeValue::String(s) => {
            return Err(ctx.err(
                &v.span(),
                ErrorKind::WrongType {
                    field: key.to_string(),
                },
                format!("`{key}` is a plain number, found the string \"{s}\" (write it without quotes and without a unit)"),
            ));
        }
        _ => return Err(ctx.wrong_type(key, v, "a number")),
    };
    match x {
        Some(x) if x.is_finite() => Ok(x),
        Some(x) => Err(ctx.bad_number(key, &v.span(), format_args!("{x} is not a finite number"))),
        None => Err(ctx.bad_number(key, &v.span(), "not a number")),
    }
}

pub(crate) fn as_count(ctx: Ctx<'_, '_>, key: &str, v: &Item<'_>) -> Result<u64, DescriptionError> {
    match v.get_ref() {
        DeValue::Integer(i) => {
            let digits = i.as_str().replace('_', "");
            match i128::from_str_radix(&digits, i.radix()) {
                Ok(n) if n < 0 => {
                    Err(ctx.bad_number(key, &v.span(), format_args!("{n} is negative")))
                }
                Ok(n) => u64::try_from(n).map_err(|_| {
                    ctx.bad_number(key, &v.span(), format_args!("{n} does not fit in 64 bits"))
                }),
                Err(_) => Err(ctx.bad_number(key, &v.span(), "not an integer")),
            }
        }
        _ => Err(ctx.wrong_type(key, v, "a non-negative integer")),
    }
}
