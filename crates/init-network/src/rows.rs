//! The row pipeline: rows of the matrix are built in parallel tasks, a wave
//! of consecutive rows at a time, and each wave's column indices are
//! appended in row order to the one growing index array.
//!
//! Why waves: the synapse count is unknown until the rows are drawn, and a
//! count pass would draw every candidate twice. Per-task buffers that live
//! until the end would double the index memory; a wave's buffers are
//! reused by the next wave, so the temporaries stay at one wave's worth
//! (a few MB) whatever the matrix size, and the final array grows in place
//! (large reallocations are remapped by the allocator, not copied).
//!
//! Why a locality order: a wave's rows are consecutive neuron indices,
//! which are scattered in space; taken in index order each row reads its
//! candidates from memory the previous row did not touch. Taken in the
//! order of their grid cells, consecutive rows share most candidates, which
//! are then in cache. At 1e6 neurons (20 MB of indexed positions) this
//! halves the time of the candidate scan; the output is put back in row
//! order when the wave is appended.

use rayon::prelude::*;

use crate::progress::Bar;

/// Tasks per wave at least: enough that the threads stay busy to the end
/// of a wave (the last task of a wave is 1/256 of it).
const TASKS_PER_WAVE: usize = 256;

/// Work of one row, in candidate pairs, that makes a task about this many
/// candidates long.
const CANDIDATES_PER_TASK: f64 = 32_768.0;

/// At most this many rows per wave, whatever the grid (the wave's columns
/// are buffered: about 20 MB at 150 synapses per row, twice for the two
/// waves in flight).
const MAX_WAVE_ROWS: usize = 1 << 15;

/// How rows are split into tasks and waves.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Plan {
    per_task: usize,
    per_wave: usize,
}

impl Plan {
    /// Tasks of about [`CANDIDATES_PER_TASK`] candidates for rows of
    /// `candidates_per_row`; waves of at least [`TASKS_PER_WAVE`] tasks
    /// and, when the rows are taken in the order of a grid of `cells`
    /// cells, of about one row per cell (up to [`MAX_WAVE_ROWS`]): then
    /// consecutive rows sit in neighbouring cells and share their
    /// candidates in cache. Measured at 1e6 neurons (40 000 cells, one
    /// thread, CPU seconds of the call): waves of 7 400 rows (spaced ~116
    /// µm apart) 12.5–13.4 s; of 16 384 to 65 536 rows 10.2–11.6 s.
    pub(crate) fn new(candidates_per_row: f64, cells: usize) -> Self {
        let per_task =
            (CANDIDATES_PER_TASK / candidates_per_row.max(1.0)).clamp(1.0, 1024.0) as usize;
        let per_wave = (per_task * TASKS_PER_WAVE)
            .max(cells.min(MAX_WAVE_ROWS))
            .next_multiple_of(per_task);
        Plan { per_task, per_wave }
    }
}

/// One task's reusable buffers.
struct Task<S, E> {
    /// Columns of the task's rows, row after row in processing order.
    cols: Vec<u32>,
    /// Column count of each of its rows, in processing order.
    lens: Vec<usize>,
    scratch: S,
    /// The lowest failing row of the task, and why.
    error: Option<(usize, E)>,
}

/// The buffers of one wave: its rows `w0..w1` in processing order (sort
/// key, row) and the tasks that drew them.
struct Wave<S, E> {
    rows: std::ops::Range<usize>,
    order: Vec<(u64, usize)>,
    tasks: Vec<Task<S, E>>,
    n_tasks: usize,
}

impl<S: Default + Send, E: Send> Wave<S, E> {
    fn new() -> Self {
        Wave {
            rows: 0..0,
            order: Vec::new(),
            tasks: Vec::new(),
            n_tasks: 0,
        }
    }

    /// Draw rows `rows` in parallel, `rows_per_task` per task, in the
    /// order of `locality` if given.
    fn draw<F>(
        &mut self,
        rows: std::ops::Range<usize>,
        rows_per_task: usize,
        locality: Option<&(dyn Fn(usize) -> u64 + Sync)>,
        row: &F,
    ) where
        F: Fn(usize, &mut S, &mut Vec<u32>) -> Result<(), E> + Sync,
    {
        self.order.clear();
        match locality {
            Some(key) => {
                self.order.extend(rows.clone().map(|i| (key(i), i)));
                self.order.sort_unstable();
            }
            None => self.order.extend(rows.clone().map(|i| (0, i))),
        }
        self.n_tasks = rows.len().div_ceil(rows_per_task);
        self.rows = rows;
        self.tasks
            .resize_with(self.tasks.len().max(self.n_tasks), || Task {
                cols: Vec::new(),
                lens: Vec::new(),
                scratch: S::default(),
                error: None,
            });
        self.tasks[..self.n_tasks]
            .par_iter_mut()
            .zip(self.order.par_chunks(rows_per_task))
            .for_each(|(task, rows)| {
                task.cols.clear();
                task.lens.clear();
                task.error = None;
                for &(_, i) in rows {
                    let before = task.cols.len();
                    match row(i, &mut task.scratch, &mut task.cols) {
                        Ok(()) => task.lens.push(task.cols.len() - before),
                        // Keep going, to report the lowest failing row
                        // whatever the processing order.
                        Err(e) => {
                            task.cols.truncate(before);
                            task.lens.push(0);
                            if task.error.as_ref().is_none_or(|(r, _)| i < *r) {
                                task.error = Some((i, e));
                            }
                        }
                    }
                }
            });
    }

    /// Append the wave's columns to `indices` in row order, its degrees to
    /// `indptr[i + 1]`; or return the error of its lowest failing row.
    fn append(
        &mut self,
        rows_per_task: usize,
        place: &mut Vec<(usize, usize)>,
        indptr: &mut [usize],
        indices: &mut Vec<u32>,
    ) -> Result<(), E> {
        let tasks = &mut self.tasks[..self.n_tasks];
        if let Some((_, e)) = tasks
            .iter_mut()
            .filter_map(|t| t.error.take())
            .min_by_key(|(i, _)| *i)
        {
            return Err(e);
        }
        let w0 = self.rows.start;
        place.clear();
        place.resize(self.rows.len(), (0, 0));
        for (t, task) in tasks.iter().enumerate() {
            let mut offset = 0;
            for (&len, &(_, i)) in task.lens.iter().zip(&self.order[t * rows_per_task..]) {
                place[i - w0] = (t, offset);
                indptr[i + 1] = len;
                offset += len;
            }
        }
        for (i, &(t, offset)) in self.rows.clone().zip(place.iter()) {
            let len = indptr[i + 1];
            indices.extend_from_slice(&tasks[t].cols[offset..offset + len]);
        }
        self.n_tasks = 0;
        Ok(())
    }
}

/// Build the rows `0..n_rows`: `row(i, scratch, cols)` appends row `i`'s
/// column indices (ascending) to `cols`. More than `max_indices` columns
/// in all stop the build with `too_many()` (checked after each wave). Within a wave, rows are processed
/// in ascending `locality(i)` (the grid cell of the row's neuron), if
/// given. Returns the row pointers and the column indices; on error, the
/// error of the lowest failing row.
///
/// Two waves are in flight: while one is drawn, the previous one is
/// appended (a serial copy) on another thread.
pub(crate) fn build_rows<S, E, F>(
    n_rows: usize,
    plan: Plan,
    locality: Option<&(dyn Fn(usize) -> u64 + Sync)>,
    bar: &Bar,
    max_indices: usize,
    too_many: impl Fn() -> E + Sync,
    row: F,
) -> Result<(Vec<usize>, Vec<u32>), E>
where
    S: Default + Send,
    E: Send,
    F: Fn(usize, &mut S, &mut Vec<u32>) -> Result<(), E> + Sync,
{
    let mut indptr = vec![0usize; n_rows + 1];
    let mut indices: Vec<u32> = Vec::new();
    let mut place: Vec<(usize, usize)> = Vec::new();
    let (rows_per_task, rows_per_wave) = (plan.per_task, plan.per_wave);
    let (mut drawing, mut drawn) = (Wave::<S, E>::new(), Wave::<S, E>::new());
    let mut w0 = 0;
    loop {
        let w1 = (w0 + rows_per_wave).min(n_rows);
        let (appended, ()) = rayon::join(
            || {
                if drawn.n_tasks == 0 {
                    return Ok(());
                }
                drawn.append(rows_per_task, &mut place, &mut indptr, &mut indices)
            },
            || {
                if w0 < w1 {
                    drawing.draw(w0..w1, rows_per_task, locality, &row);
                }
            },
        );
        appended?;
        if indices.len() > max_indices {
            return Err(too_many());
        }
        bar.inc(drawn.rows.len());
        drawn.rows = 0..0;
        if w0 >= n_rows {
            break;
        }
        std::mem::swap(&mut drawing, &mut drawn);
        w0 = w1;
    }
    for i in 0..n_rows {
        indptr[i + 1] += indptr[i];
    }
    indices.shrink_to_fit();
    Ok((indptr, indices))
}
