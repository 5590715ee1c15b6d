//! Tables as an Excel workbook (xlsx), one sheet per table, written with `rust_xlsxwriter`.
//!
//! Text is written as strings, never as formulas, so plan text cannot inject one. Phone numbers
//! are strings in a column formatted as text (`@`), so a spreadsheet keeps the leading `+`.
//! The workbook's creation date is "today", so identical input gives byte-identical files.

use anyhow::{Context as _, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::table::{Cell, Table};
use crate::model::Date;

/// The widest column, in characters.
const MAX_WIDTH: usize = 60;

/// The workbook holding `tables`, dated `today`.
pub(crate) fn write(tables: &[Table], today: Date) -> Result<Vec<u8>> {
    build(tables, today)
        .map_err(anyhow::Error::new)
        .context("cannot build the xlsx workbook")
}

fn build(tables: &[Table], today: Date) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let (year, month, day) = today.ymd();
    let created = ExcelDateTime::from_ymd(
        u16::try_from(year).unwrap_or(1900),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created)
            .set_title("Business impact analysis"),
    );
    let head = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap();
    let phone = Format::new().set_num_format("@");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name)?;
        let mut widths: Vec<usize> = table.headers.iter().map(|h| h.chars().count()).collect();
        for (col, header) in table.headers.iter().enumerate() {
            sheet.write_string_with_format(0, col_of(col), header, &head)?;
        }
        for (index, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(index + 1).unwrap_or(u32::MAX);
            for (c, value) in row.iter().enumerate() {
                let col = col_of(c);
                let width = match value {
                    Cell::Empty => 0,
                    Cell::Text(text) => {
                        sheet.write_string_with_format(r, col, text, &wrap)?;
                        text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
                    }
                    Cell::Phone(number) => {
                        sheet.write_string_with_format(r, col, number, &phone)?;
                        number.len()
                    }
                    Cell::Number(n) => {
                        sheet.write_number(r, col, *n)?;
                        n.to_string().len()
                    }
                };
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(width);
                }
            }
        }
        for (c, width) in widths.iter().enumerate() {
            let width = u32::try_from((*width).clamp(6, MAX_WIDTH) + 2).unwrap_or(20);
            sheet.set_column_width(col_of(c), width)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        if !table.rows.is_empty() {
            let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
            let last_col = col_of(table.headers.len().saturating_sub(1));
            sheet.autofilter(0, 0, last_row, last_col)?;
        }
    }
    workbook.save_to_buffer()
}

fn col_of(index: usize) -> u16 {
    u16::try_from(index).unwrap_or(u16::MAX)
}
