//! The whole file: `[network]`, `[[population]]`, `[[projection]]` and
//! `[output]`, into a [`Description`].

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use neuroinit::uom::si::f64::{ElectricCurrent, ElectricalConductance, Length, Time};
use neuroinit::{Network, NetworkError, Population, Projection, Rule, Sign};
use toml::de::DeTable;

use crate::error::{DescriptionError, ErrorKind};
use crate::init::initializer;
use crate::profile::profile;
use crate::quantity::{FileQuantity, Kind, quantity, unit};
use crate::source::Source;
use crate::space::{layout, mask, point_of};
use crate::table::{Ctx, Table};
use crate::{AnyNetwork, Description, Format, Output, UnitName};

/// Each projection's table and its fields' positions, by projection name.
type Places = HashMap<String, (Range<usize>, HashMap<&'static str, Range<usize>>)>;

/// What the `[network]` table says, before the projections are read.
struct Head {
    seed: Option<u64>,
    weight_unit: UnitName,
    weight_kind: Kind,
    delay_unit: UnitName,
    resolution: Option<Time>,
    periodic: Option<Vec<Length>>,
    memory_limit: Option<u64>,
}

pub(crate) fn parse(
    text: &str,
    name: &str,
    base_dir: Option<&Path>,
) -> Result<Description, DescriptionError> {
    let src = Source::new(text, name);
    let ctx = Ctx { src: &src };
    let doc = DeTable::parse(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ctx.err(
            &span,
            ErrorKind::Syntax,
            format!("not valid TOML: {}", e.message().trim()),
        )
    })?;
    let root = Table::root(ctx, &doc);
    root.fields(&["network", "population", "projection", "output"])?;
    let head = head(&root.table("network")?)?;
    let output = output(&root)?;
    let network = match head.weight_kind {
        Kind::Conductance => {
            AnyNetwork::Conductance(network::<ElectricalConductance>(&root, &head, base_dir)?)
        }
        Kind::Current => AnyNetwork::Current(network::<ElectricCurrent>(&root, &head, base_dir)?),
        _ => unreachable!("head() admits conductance and current units only"),
    };
    Ok(Description {
        network,
        seed: head.seed,
        weight_unit: head.weight_unit,
        delay_unit: head.delay_unit,
        output,
    })
}

fn head(t: &Table<'_, '_, '_, '_>) -> Result<Head, DescriptionError> {
    t.fields(&[
        "seed",
        "weight_unit",
        "delay_unit",
        "resolution",
        "periodic",
        "memory_limit",
    ])?;
    let unit_of = |key: &str,
                   kinds: &[Kind],
                   expected: &str|
     -> Result<Option<(UnitName, Kind)>, DescriptionError> {
        let Some(name) = t.opt_str(key)? else {
            return Ok(None);
        };
        match unit(name) {
            Some((k, si)) if kinds.contains(&k) => Ok(Some((
                UnitName {
                    name: name.trim().to_string(),
                    si,
                },
                k,
            ))),
            _ => Err(t.ctx.err(
                &t.span_of(key),
                ErrorKind::WrongUnit {
                    field: key.to_string(),
                },
                format!("`{key}` must be {expected}, found \"{name}\""),
            )),
        }
    };
    let (weight_unit, weight_kind) = unit_of(
        "weight_unit",
        &[Kind::Conductance, Kind::Current],
        "the unit of the weights: a conductance unit (\"nS\") or a current unit (\"pA\")",
    )?
    .map_or_else(|| Err(t.req("weight_unit").expect_err("absent")), Ok)?;
    let delay_unit = unit_of("delay_unit", &[Kind::Time], "a time unit (\"ms\")")?
        .map(|(u, _)| u)
        .unwrap_or(UnitName {
            name: "ms".into(),
            si: 1e-3,
        });
    let resolution = t
        .get("resolution")
        .map(|v| quantity::<Time>(t.ctx, "resolution", v))
        .transpose()?;
    let periodic = t
        .get("periodic")
        .map(|v| point_of(t.ctx, "periodic", v))
        .transpose()?;
    Ok(Head {
        seed: t.opt_count("seed")?,
        weight_unit,
        weight_kind,
        delay_unit,
        resolution,
        periodic,
        memory_limit: t.opt_count("memory_limit")?,
    })
}

fn output(root: &Table<'_, '_, '_, '_>) -> Result<Output, DescriptionError> {
    let mut out = Output::default();
    let Some(t) = root.opt_table("output")? else {
        return Ok(out);
    };
    t.fields(&["format", "neuron_model", "synapse_model"])?;
    if let Some(f) = t.opt_str("format")? {
        out.format = Some(match f {
            "sonata" => Format::Sonata,
            "npz" => Format::Npz,
            other => {
                return Err(t.invalid(
                    "format",
                    format_args!("unknown format \"{other}\" (expected sonata or npz)"),
                ));
            }
        });
    }
    if let Some(m) = t.opt_str("neuron_model")? {
        out.neuron_model = m.to_string();
    }
    if let Some(m) = t.opt_str("synapse_model")? {
        out.synapse_model = m.to_string();
    }
    Ok(out)
}

/// The populations and projections, with weights of type `W`.
fn network<W: FileQuantity>(
    root: &Table<'_, '_, '_, '_>,
    head: &Head,
    base_dir: Option<&Path>,
) -> Result<Network<W>, DescriptionError> {
    let ctx = root.ctx;
    let mut b = Network::<W>::builder();
    // Name → where it was declared, for duplicates and unknown names.
    let mut names: HashMap<String, Range<usize>> = HashMap::new();
    let pops = root.opt_array("population")?.unwrap_or(&[]);
    for (k, item) in pops.iter().enumerate() {
        let t = Table::new(ctx, format!("[[population]] number {}", k + 1), item)?;
        t.fields(&["name", "size", "sign", "label", "layout", "neuron_model"])?;
        let name = t.str("name")?;
        if let Some(first) = names.get(name) {
            let (line, _) = ctx.src.at(first);
            return Err(ctx.err(
                &t.span_of("name"),
                ErrorKind::DuplicateName {
                    name: name.to_string(),
                },
                format!("population \"{name}\" is already declared (line {line})"),
            ));
        }
        names.insert(name.to_string(), t.span_of("name"));
        let mut p = Population::new(name, t.count("size")? as usize);
        if let Some(s) = t.opt_str("sign")? {
            p = p.with_sign(match s {
                "excitatory" => Sign::Excitatory,
                "inhibitory" => Sign::Inhibitory,
                other => {
                    return Err(t.invalid(
                        "sign",
                        format_args!(
                            "\"{other}\" is not a sign (expected excitatory or inhibitory)"
                        ),
                    ));
                }
            });
        }
        if let Some(l) = t.opt_str("label")? {
            p = p.with_label(l);
        }
        if let Some(l) = t.get("layout") {
            p = p.with_layout(layout(ctx, l, base_dir)?);
        }
        b = b.population(p);
    }
    // Projection name → its table's span, to place the network's own errors.
    let mut spans: Places = HashMap::new();
    let projs = root.opt_array("projection")?.unwrap_or(&[]);
    for (k, item) in projs.iter().enumerate() {
        let t = Table::new(ctx, format!("[[projection]] number {}", k + 1), item)?;
        t.fields(&[
            "pre",
            "post",
            "rule",
            "p",
            "indegree",
            "outdegree",
            "n",
            "profile",
            "mask",
            "weights",
            "delays",
            "autapses",
            "multapses",
            "clamp_probability",
        ])?;
        let pre = t.str("pre")?;
        let post = t.str("post")?;
        for (field, name) in [("pre", pre), ("post", post)] {
            if !names.contains_key(name) {
                let mut known: Vec<&str> = names.keys().map(String::as_str).collect();
                known.sort_unstable();
                return Err(ctx.err(
                    &t.span_of(field),
                    ErrorKind::UnknownPopulation {
                        name: name.to_string(),
                    },
                    format!(
                        "`{field}` names no declared population: \"{name}\" (declared: {})",
                        known.join(", ")
                    ),
                ));
            }
        }
        let what = format!("{pre} -> {post}");
        if let Some((first, _)) = spans.get(&what) {
            let (line, _) = ctx.src.at(first);
            return Err(ctx.err(
                &t.span,
                ErrorKind::DuplicateName { name: what.clone() },
                format!("projection {what} is already given (line {line}); one projection per pair of populations"),
            ));
        }
        let t = t.renamed(format!("projection {what}"));
        let rule = rule(&t)?;
        let weights = initializer::<W>(ctx, "weights", t.req("weights")?)?;
        let mut p = Projection::new(pre, post, rule, weights);
        if let Some(d) = t.get("delays") {
            p = p.with_delays(initializer::<Time>(ctx, "delays", d)?);
        }
        if let Some(m) = t.get("mask") {
            p = p.with_mask(mask(ctx, m)?);
        }
        if let Some(a) = t.opt_bool("autapses")? {
            p = p.allow_autapses(a);
        }
        if let Some(m) = t.opt_bool("multapses")? {
            p = p.allow_multapses(m);
        }
        if let Some(c) = t.opt_bool("clamp_probability")? {
            p = p.clamp_probability(c);
        }
        let fields = [
            "pre", "post", "rule", "weights", "delays", "mask", "p", "profile",
        ]
        .into_iter()
        .map(|f| (f, t.span_of(f)))
        .collect();
        spans.insert(what, (t.span.clone(), fields));
        b = b.projection(p);
    }
    if let Some(dt) = head.resolution {
        b = b.resolution(dt);
    }
    if let Some(p) = &head.periodic {
        b = b.periodic(p);
    }
    if let Some(m) = head.memory_limit {
        b = b.memory_limit(m);
    }
    b.build().map_err(|e| network_error(root, &spans, e))
}

/// A network's refusal placed at the projection (and its field) it names.
fn network_error(
    root: &Table<'_, '_, '_, '_>,
    spans: &Places,
    e: NetworkError,
) -> DescriptionError {
    let place = e
        .projection()
        .and_then(|p| spans.get(p))
        .map(|(table, fields)| {
            e.field()
                .and_then(|f| fields.get(f))
                .unwrap_or(table)
                .clone()
        });
    let field = e.field().unwrap_or("network").to_string();
    let span = place.unwrap_or_else(|| root.span_of("network"));
    root.ctx
        .err(&span, ErrorKind::Invalid { field }, e.to_string())
}

/// The rule and its parameters.
fn rule(t: &Table<'_, '_, '_, '_>) -> Result<Rule, DescriptionError> {
    let name = t.str("rule")?;
    let allowed: &[&str] = match name {
        "all_to_all" | "one_to_one" => &[],
        "pairwise_bernoulli" => &["p"],
        "fixed_indegree" => &["indegree", "profile"],
        "fixed_outdegree" => &["outdegree", "profile"],
        "fixed_total_number" => &["n"],
        other => {
            return Err(t.invalid(
                "rule",
                format_args!(
                    "unknown rule \"{other}\" (expected one of: all_to_all, fixed_indegree, fixed_outdegree, fixed_total_number, one_to_one, pairwise_bernoulli)"
                ),
            ));
        }
    };
    for key in ["p", "indegree", "outdegree", "n", "profile"] {
        if t.get(key).is_some() && !allowed.contains(&key) {
            return Err(t.ctx.err(
                &t.key_span(key),
                ErrorKind::UnknownField {
                    field: key.to_string(),
                },
                format!("`{key}` does not belong to the rule {name}"),
            ));
        }
    }
    let e = |err| crate::init::init_error(t, err);
    let weighted = |r: Rule| -> Result<Rule, DescriptionError> {
        match t.get("profile") {
            Some(p) => r.with_profile(profile(t.ctx, "profile", p)?).map_err(e),
            None => Ok(r),
        }
    };
    match name {
        "all_to_all" => Ok(Rule::all_to_all()),
        "one_to_one" => Ok(Rule::one_to_one()),
        "pairwise_bernoulli" => Rule::pairwise_bernoulli(profile(t.ctx, "p", t.req("p")?)?)
            .map_err(|err| t.invalid("p", err)),
        "fixed_indegree" => weighted(Rule::fixed_indegree(t.count("indegree")?)),
        "fixed_outdegree" => weighted(Rule::fixed_outdegree(t.count("outdegree")?)),
        _ => Ok(Rule::fixed_total_number(t.count("n")?)),
    }
}
