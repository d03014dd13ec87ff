//! Unit tests of the language rows as the metrics walk reads them: one module per language with
//! a test per decision construct (the table's own tests are in `lang/tests.rs`).

mod c;
mod cpp;
mod csharp;
mod go;
mod java;
mod javascript;
mod kotlin;
mod php;
mod preproc;
mod python;
mod ruby;
mod rust;
mod typescript;
