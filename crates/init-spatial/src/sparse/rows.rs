//! The row pipeline: rows of the matrix are built in parallel tasks, a wave
//! of tasks at a time, and each wave's column indices are appended in row
//! order to the one growing index array.
//!
//! Why waves: the synapse count is unknown until the rows are drawn, and a
//! count pass would draw every candidate twice. Per-task buffers that live
//! until the end would double the index memory; a wave's buffers are
//! reused by the next wave, so the temporaries stay at one wave's worth
//! (a few MB) whatever the matrix size, and the final array grows in place
//! (large reallocations are remapped by the allocator, not copied).

use rayon::prelude::*;

use super::error::ConnectError;
use super::progress::Bar;

/// Tasks per wave: enough that the threads stay busy to the end of a wave
/// (the last task of a wave is 1/256 of it).
const TASKS_PER_WAVE: usize = 256;

/// Work of one row, in candidate pairs, that makes a task about this many
/// candidates long.
const CANDIDATES_PER_TASK: f64 = 32_768.0;

/// Rows per task for rows of `candidates_per_row` estimated candidates.
pub(crate) fn rows_per_task(candidates_per_row: f64) -> usize {
    (CANDIDATES_PER_TASK / candidates_per_row.max(1.0)).clamp(1.0, 1024.0) as usize
}

/// One task's reusable buffers.
#[derive(Default)]
pub(crate) struct Task<S> {
    cols: Vec<u32>,
    /// Per-task scratch space of the row function.
    pub(crate) scratch: S,
    error: Option<ConnectError>,
}

/// Build the rows `0..n_rows`: `row(i, scratch, cols)` appends row `i`'s
/// column indices (ascending) to `cols`. Returns the row pointers and the
/// column indices; on error, the error of the lowest failing row.
pub(crate) fn build_rows<S, F>(
    n_rows: usize,
    rows_per_task: usize,
    bar: &mut Bar,
    row: F,
) -> Result<(Vec<usize>, Vec<u32>), ConnectError>
where
    S: Default + Send,
    F: Fn(usize, &mut S, &mut Vec<u32>) -> Result<(), ConnectError> + Sync,
{
    let mut indptr = vec![0usize; n_rows + 1];
    let mut indices: Vec<u32> = Vec::new();
    let rows_per_wave = rows_per_task * TASKS_PER_WAVE;
    let mut tasks: Vec<Task<S>> = Vec::new();
    let mut w0 = 0;
    while w0 < n_rows {
        let w1 = (w0 + rows_per_wave).min(n_rows);
        let n_tasks = (w1 - w0).div_ceil(rows_per_task);
        tasks.resize_with(tasks.len().max(n_tasks), Task::default);
        // Degrees go to indptr[i + 1]; the prefix sum comes at the end.
        tasks[..n_tasks]
            .par_iter_mut()
            .zip(indptr[w0 + 1..w1 + 1].par_chunks_mut(rows_per_task))
            .enumerate()
            .for_each(|(t, (task, degrees))| {
                task.cols.clear();
                task.error = None;
                let r0 = w0 + t * rows_per_task;
                for (k, deg) in degrees.iter_mut().enumerate() {
                    let before = task.cols.len();
                    if let Err(e) = row(r0 + k, &mut task.scratch, &mut task.cols) {
                        task.error = Some(e);
                        return;
                    }
                    *deg = task.cols.len() - before;
                }
            });
        if let Some(e) = tasks[..n_tasks].iter_mut().find_map(|t| t.error.take()) {
            return Err(e);
        }
        for task in &tasks[..n_tasks] {
            indices.extend_from_slice(&task.cols);
        }
        bar.inc(w1 - w0);
        w0 = w1;
    }
    for i in 0..n_rows {
        indptr[i + 1] += indptr[i];
    }
    indices.shrink_to_fit();
    Ok((indptr, indices))
}
