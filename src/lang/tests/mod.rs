//! Unit tests of the language rows: the whole table, then one module per language with a test
//! per decision construct.

mod table;

mod c;
mod cpp;
mod csharp;
mod go;
mod java;
mod javascript;
mod kotlin;
mod php;
mod python;
mod ruby;
mod rust;
mod typescript;
