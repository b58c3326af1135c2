<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>Built with Qt {qt} and PySide6 {pyside}, used under the GNU LGPL v3, as are psycopg and python-bidi. Other components: {components}.
Their licences and notices: {path}</source>
        <translation>Hecho con Qt {qt} y PySide6 {pyside}, usados bajo la GNU LGPL v3, igual que psycopg y python-bidi. Otros componentes: {components}.
Sus licencias y avisos: {path}</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Clinic Desktop</source>
        <translation>Clinic Desktop</translation>
    </message>
    <message>
        <source>The details were written to {path}.</source>
        <translation>Los detalles se han guardado en {path}.</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>Algo ha fallado</translation>
    </message>
    <message>
        <source>Clinic Desktop could not finish what you asked. What was already saved is safe; please try again.</source>
        <translation>Clinic Desktop no ha podido completar lo que ha pedido. Lo que ya estaba guardado está a salvo; inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>A problem with the records</source>
        <translation>Un problema con los historiales</translation>
    </message>
</context>
<context>
    <name>AssessmentWizard</name>
    <message>
        <source>Assessment</source>
        <translation>Evaluación</translation>
    </message>
    <message>
        <source>The rules could not evaluate this assessment; findings and red flags are not shown. Your entries are kept and saved.</source>
        <translation>Las reglas no han podido evaluar esta evaluación; no se muestran hallazgos ni signos de alarma. Sus datos se conservan y se guardan.</translation>
    </message>
    <message>
        <source>{0} has an unsigned assessment, last saved {1}.</source>
        <translation>{0} tiene una evaluación sin firmar, guardada por última vez el {1}.</translation>
    </message>
    <message>
        <source>&amp;Resume the draft</source>
        <translation>&amp;Reanudar el borrador</translation>
    </message>
    <message>
        <source>Start a &amp;new assessment</source>
        <translation>Empezar una &amp;nueva evaluación</translation>
    </message>
    <message>
        <source>{0} already had a visit today, signed {1} by {2}. Start a second visit today?</source>
        <translation>{0} ya tuvo una visita hoy, firmada {1} por {2}. ¿Empezar una segunda visita hoy?</translation>
    </message>
    <message>
        <source>&amp;Open today&apos;s visit</source>
        <translation>&amp;Abrir la visita de hoy</translation>
    </message>
    <message>
        <source>Start a &amp;second visit</source>
        <translation>Empezar una &amp;segunda visita</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Fecha y hora</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
</context>
<context>
    <name>AuditViewWidget</name>
    <message>
        <source>any user</source>
        <translation>cualquier usuario</translation>
    </message>
    <message>
        <source>any patient id</source>
        <translation>cualquier n.º de paciente</translation>
    </message>
    <message>
        <source>any action</source>
        <translation>cualquier acción</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtrar</translation>
    </message>
    <message>
        <source>Export CSV...</source>
        <translation>Exportar CSV...</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Hasta</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>Patient: type the patient&apos;s number, or leave it empty.</source>
        <translation>Paciente: escriba el número del paciente o déjelo vacío.</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entrada</numerusform>
            <numerusform>%n entradas</numerusform>
        </translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>Exportar el registro de auditoría</translation>
    </message>
</context>
<context>
    <name>CarePlanPage</name>
    <message>
        <source>Care plan</source>
        <translation>Plan de cuidados</translation>
    </message>
    <message>
        <source>For the patient</source>
        <translation>Para el paciente</translation>
    </message>
    <message>
        <source>Language of the plan</source>
        <translation>Idioma del plan</translation>
    </message>
    <message>
        <source>YYYY-MM-DD (optional)</source>
        <translation>AAAA-MM-DD (opcional)</translation>
    </message>
    <message>
        <source>Follow-up date</source>
        <translation>Fecha de revisión</translation>
    </message>
    <message>
        <source>Items of the plan</source>
        <translation>Puntos del plan</translation>
    </message>
    <message>
        <source>Suggested by the rules, not in the plan</source>
        <translation>Propuestos por las reglas, no incluidos en el plan</translation>
    </message>
    <message>
        <source>Add an item</source>
        <translation>Añadir un punto</translation>
    </message>
    <message>
        <source>From the library</source>
        <translation>De la biblioteca</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <source>Write an item in the patient&apos;s language</source>
        <translation>Escriba un punto en el idioma del paciente</translation>
    </message>
    <message>
        <source>Add text</source>
        <translation>Añadir texto</translation>
    </message>
    <message>
        <source>Free text</source>
        <translation>Texto libre</translation>
    </message>
    <message>
        <source>Free text: section</source>
        <translation>Texto libre: sección</translation>
    </message>
    <message>
        <source>Sign</source>
        <translation>Firmar</translation>
    </message>
    <message>
        <source>Sign assessment and care plan…</source>
        <translation>Firmar la evaluación y el plan de cuidados…</translation>
    </message>
    <message>
        <source>Treatment options for spasticity or dystonia</source>
        <translation>Opciones de tratamiento para la espasticidad o la distonía</translation>
    </message>
    <message>
        <source>Chosen by the clinician only; the program never suggests one and never gives a dose. Each is checked against this patient&apos;s medicines and history.</source>
        <translation>Solo las elige el clínico; el programa nunca sugiere ninguna ni da una dosis. Cada una se comprueba con los medicamentos y antecedentes de este paciente.</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>Opción</translation>
    </message>
    <message>
        <source>Spasticity</source>
        <translation>Espasticidad</translation>
    </message>
    <message>
        <source>Focal dystonia</source>
        <translation>Distonía focal</translation>
    </message>
    <message>
        <source> (not offered)</source>
        <translation> (no se ofrece)</translation>
    </message>
    <message>
        <source>The patient already takes this medicine.</source>
        <translation>El paciente ya toma este medicamento.</translation>
    </message>
    <message>
        <source>Evidence: {0}</source>
        <translation>Evidencia: {0}</translation>
    </message>
    <message>
        <source>Not offered for this patient:</source>
        <translation>No se ofrece a este paciente:</translation>
    </message>
    <message>
        <source>Cautions for this patient:</source>
        <translation>Precauciones para este paciente:</translation>
    </message>
    <message>
        <source>Sources: {0}</source>
        <translation>Fuentes: {0}</translation>
    </message>
    <message>
        <source>[clinic practice] </source>
        <translation>[práctica del centro] </translation>
    </message>
    <message>
        <source>The plan has no items yet.</source>
        <translation>El plan aún no tiene puntos.</translation>
    </message>
    <message>
        <source>No dose written for: {0}. The printed plan will say that you will give the dose.</source>
        <translation>Sin dosis escrita para: {0}. El plan impreso dirá que usted dará la dosis.</translation>
    </message>
    <message>
        <source>Add to plan</source>
        <translation>Añadir al plan</translation>
    </message>
    <message>
        <source>Follow-up date: “{0}” is not a date (YYYY-MM-DD)</source>
        <translation>Fecha de revisión: «{0}» no es una fecha (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>Signed: this assessment is read-only.</source>
        <translation>Firmada: esta evaluación es de solo lectura.</translation>
    </message>
    <message>
        <source>Before signing:</source>
        <translation>Antes de firmar:</translation>
    </message>
    <message>
        <source>Ready to sign.</source>
        <translation>Lista para firmar.</translation>
    </message>
    <message>
        <source>Acknowledge red flag: {0}</source>
        <translation>Confirmar el signo de alarma: {0}</translation>
    </message>
    <message>
        <source>Visit date is required</source>
        <translation>Falta la fecha de la visita</translation>
    </message>
    <message>
        <source>Choose at least one presentation</source>
        <translation>Elija al menos una forma de presentación</translation>
    </message>
    <message>
        <source>Confirm what was carried forward from the last visit: {0}</source>
        <translation>Confirme lo que se trajo de la visita anterior: {0}</translation>
    </message>
    <message>
        <source>Pregnancy weeks are required</source>
        <translation>Faltan las semanas de embarazo</translation>
    </message>
    <message>
        <source>The care plan has no items</source>
        <translation>El plan de cuidados no tiene puntos</translation>
    </message>
    <message>
        <source>known conditions</source>
        <translation>enfermedades conocidas</translation>
    </message>
    <message>
        <source>medications</source>
        <translation>medicamentos</translation>
    </message>
    <message>
        <source>presentation</source>
        <translation>presentación</translation>
    </message>
    <message>
        <source>sites</source>
        <translation>localizaciones</translation>
    </message>
    <message>
        <source>triggers</source>
        <translation>desencadenantes</translation>
    </message>
</context>
<context>
    <name>CarriedMarker</name>
    <message>
        <source>Confirm</source>
        <translation>Confirmar</translation>
    </message>
    <message>
        <source>From the last visit ({0}): confirm or change it.</source>
        <translation>De la visita anterior ({0}): confírmelo o cámbielo.</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Cambiar la contraseña</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Contraseña actual</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Contraseña nueva</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>Repita la contraseña nueva</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>Las dos contraseñas nuevas no coinciden.</translation>
    </message>
</context>
<context>
    <name>ChangesPanel</name>
    <message>
        <source>New red flag</source>
        <translation>Nueva señal de alarma</translation>
    </message>
    <message>
        <source>Red flag resolved</source>
        <translation>Señal de alarma resuelta</translation>
    </message>
    <message>
        <source>New finding</source>
        <translation>Nuevo hallazgo</translation>
    </message>
    <message>
        <source>Finding resolved</source>
        <translation>Hallazgo resuelto</translation>
    </message>
    <message>
        <source>Now suggested for the plan</source>
        <translation>Ahora sugerido para el plan</translation>
    </message>
    <message>
        <source>No longer suggested</source>
        <translation>Ya no se sugiere</translation>
    </message>
    <message>
        <source>Added to the plan</source>
        <translation>Añadido al plan</translation>
    </message>
    <message>
        <source>Dropped from the plan</source>
        <translation>Quitado del plan</translation>
    </message>
    <message>
        <source>New result</source>
        <translation>Nuevo resultado</translation>
    </message>
    <message>
        <source>Result removed</source>
        <translation>Resultado retirado</translation>
    </message>
    <message>
        <source>nothing yet</source>
        <translation>nada por ahora</translation>
    </message>
    <message>
        <source>1 change</source>
        <translation>1 cambio</translation>
    </message>
    <message>
        <source>{0} changes</source>
        <translation>{0} cambios</translation>
    </message>
    <message>
        <source>&amp;What changed since the visit signed on {0}: {1}</source>
        <translation>&amp;Qué cambió desde la visita firmada el {0}: {1}</translation>
    </message>
</context>
<context>
    <name>ClinicProfileDialog</name>
    <message>
        <source>Clinic</source>
        <translation>Clínica</translation>
    </message>
    <message>
        <source>Tell us about your clinic: its name, address, phone and logo print on every care plan, requisition, summary and letter. You can change them later in Administration &gt; Clinic.</source>
        <translation>Indique los datos de su clínica: su nombre, dirección, teléfono y logotipo se imprimen en cada plan de cuidados, solicitud, resumen y carta. Puede cambiarlos después en Administración &gt; Clínica.</translation>
    </message>
    <message>
        <source>Clinic name</source>
        <translation>Nombre de la clínica</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <source>Logo</source>
        <translation>Logotipo</translation>
    </message>
    <message>
        <source>Footer text</source>
        <translation>Texto al pie</translation>
    </message>
    <message>
        <source>Printed at the foot of every page (optional)</source>
        <translation>Se imprime al pie de cada página (opcional)</translation>
    </message>
</context>
<context>
    <name>ClinicSession</name>
    <message>
        <source>an administrator</source>
        <translation>administrador/a</translation>
    </message>
    <message>
        <source>a clinician</source>
        <translation>clínico/a</translation>
    </message>
    <message>
        <source>front-desk staff</source>
        <translation>personal de recepción</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Cambiar de usuario</translation>
    </message>
    <message>
        <source>Clinic Desktop</source>
        <translation>Clinic Desktop</translation>
    </message>
    <message>
        <source>Only a clinician can start an assessment; you are signed in as %1.</source>
        <translation>Solo un clínico puede empezar una evaluación; usted ha iniciado sesión como %1.</translation>
    </message>
    <message>
        <source>Clinic Desktop - %1</source>
        <translation>Clinic Desktop - %1</translation>
    </message>
    <message>
        <source>Signed in as %1</source>
        <translation>Sesión iniciada como %1</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Cuenta</translation>
    </message>
    <message>
        <source>Lock &amp;after inactivity…</source>
        <translation>Bloquear &amp;tras inactividad…</translation>
    </message>
    <message>
        <source>&amp;Change password…</source>
        <translation>&amp;Cambiar la contraseña…</translation>
    </message>
    <message>
        <source>&amp;Back up now</source>
        <translation>Hacer copia de &amp;seguridad ahora</translation>
    </message>
    <message>
        <source>The records are on a database server: its administrator backs it up.</source>
        <translation>Los registros están en un servidor de bases de datos: su administrador hace las copias de seguridad.</translation>
    </message>
    <message>
        <source>Clinician &amp;profile…</source>
        <translation>&amp;Perfil profesional…</translation>
    </message>
    <message>
        <source>S&amp;witch user…</source>
        <translation>Ca&amp;mbiar de usuario…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>C&amp;errar sesión</translation>
    </message>
    <message>
        <source>A&amp;dministration</source>
        <translation>A&amp;dministración</translation>
    </message>
    <message>
        <source>&amp;Users…</source>
        <translation>&amp;Usuarios…</translation>
    </message>
    <message>
        <source>&amp;Clinic…</source>
        <translation>&amp;Clínica…</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>&amp;Registro de auditoría…</translation>
    </message>
    <message>
        <source>Record &amp;numbers…</source>
        <translation>&amp;Números de historia…</translation>
    </message>
    <message>
        <source>Interface lan&amp;guage</source>
        <translation>&amp;Idioma de la interfaz</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Idioma de la interfaz</translation>
    </message>
    <message>
        <source>Clinic Desktop will show %1 the next time it starts.</source>
        <translation>Clinic Desktop se mostrará en %1 la próxima vez que se inicie.</translation>
    </message>
    <message>
        <source>Only a clinician can start an assessment.</source>
        <translation>Solo un profesional clínico puede empezar una evaluación.</translation>
    </message>
    <message>
        <source>Only a clinician can change or sign a visit; you are signed in as %1.</source>
        <translation>Solo un clínico puede modificar o firmar una visita; usted ha iniciado sesión como %1.</translation>
    </message>
    <message>
        <source>Opening the visit…</source>
        <translation>Abriendo la visita…</translation>
    </message>
    <message>
        <source>care plan</source>
        <translation>plan de cuidados</translation>
    </message>
    <message>
        <source>lab requisition</source>
        <translation>solicitud de análisis</translation>
    </message>
    <message>
        <source>visit summary</source>
        <translation>resumen de la visita</translation>
    </message>
    <message>
        <source>referral letter</source>
        <translation>carta de derivación</translation>
    </message>
    <message>
        <source>Back to the visit of %1</source>
        <translation>Volver a la visita de %1</translation>
    </message>
    <message>
        <source>Lock after inactivity</source>
        <translation>Bloquear tras inactividad</translation>
    </message>
    <message>
        <source>Minutes without use before the window locks:</source>
        <translation>Minutos sin uso antes de que se bloquee la ventana:</translation>
    </message>
    <message>
        <source>The clinic&apos;s name, address and phone are not set yet: an administrator sets them in Administration &gt; Clinic.</source>
        <translation>Aún faltan el nombre, la dirección y el teléfono de la clínica: los indica un administrador en Administración &gt; Clínica.</translation>
    </message>
    <message>
        <source>Clinic details saved</source>
        <translation>Datos de la clínica guardados</translation>
    </message>
    <message>
        <source>Profile saved</source>
        <translation>Perfil guardado</translation>
    </message>
    <message>
        <source>Backed up to %1</source>
        <translation>Copia de seguridad guardada en %1</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>La copia de seguridad ha fallado</translation>
    </message>
    <message>
        <source>The backup could not be written: %1</source>
        <translation>No se ha podido escribir la copia de seguridad: %1</translation>
    </message>
</context>
<context>
    <name>ClinicianProfileDialog</name>
    <message>
        <source>Clinician profile</source>
        <translation>Perfil profesional</translation>
    </message>
    <message>
        <source>Printed instead of your user name on every document you sign.</source>
        <translation>Se imprime en lugar de su nombre de usuario en cada documento que firme.</translation>
    </message>
    <message>
        <source>Name to print</source>
        <translation>Nombre para imprimir</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>Titulación</translation>
    </message>
    <message>
        <source>For example MD, PT</source>
        <translation>Por ejemplo: médico, fisioterapeuta</translation>
    </message>
    <message>
        <source>Licence number</source>
        <translation>N.º de colegiado</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Firma</translation>
    </message>
</context>
<context>
    <name>ComparisonDialog</name>
    <message>
        <source>Compare with an earlier visit</source>
        <translation>Comparar con una visita anterior</translation>
    </message>
    <message>
        <source>&amp;Compare this visit with:</source>
        <translation>&amp;Comparar esta visita con:</translation>
    </message>
    <message>
        <source>This patient has no earlier visit to compare with.</source>
        <translation>Este paciente no tiene ninguna visita anterior con la que comparar.</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Área</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Medida</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Lado</translation>
    </message>
    <message>
        <source>Then</source>
        <translation>Antes</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Ahora</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <source>Better when</source>
        <translation>Mejor si es</translation>
    </message>
    <message>
        <source>Comparison with the earlier visit</source>
        <translation>Comparación con la visita anterior</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Anamnesis</translation>
    </message>
    <message>
        <source>Strength (MRC)</source>
        <translation>Fuerza (MRC)</translation>
    </message>
    <message>
        <source>Reflexes</source>
        <translation>Reflejos</translation>
    </message>
    <message>
        <source>Tone (Modified Ashworth)</source>
        <translation>Tono (Ashworth modificada)</translation>
    </message>
    <message>
        <source>Labs</source>
        <translation>Análisis de laboratorio</translation>
    </message>
    <message>
        <source>Ankle-brachial index</source>
        <translation>Índice tobillo-brazo</translation>
    </message>
    <message>
        <source>Better</source>
        <translation>Mejor</translation>
    </message>
    <message>
        <source>Worse</source>
        <translation>Peor</translation>
    </message>
    <message>
        <source>Same</source>
        <translation>Igual</translation>
    </message>
    <message>
        <source>Changed (no better or worse on this scale)</source>
        <translation>Cambió (esta escala no dice si mejor o peor)</translation>
    </message>
    <message>
        <source>Recorded only now</source>
        <translation>Registrado solo ahora</translation>
    </message>
    <message>
        <source>Not recorded now</source>
        <translation>No registrado ahora</translation>
    </message>
    <message>
        <source>higher</source>
        <translation>más alto</translation>
    </message>
    <message>
        <source>lower</source>
        <translation>más bajo</translation>
    </message>
    <message>
        <source>nearer normal</source>
        <translation>más cerca de lo normal</translation>
    </message>
    <message>
        <source>Cramp episodes per week</source>
        <translation>Episodios de calambre por semana</translation>
    </message>
    <message>
        <source>Episode length (seconds)</source>
        <translation>Duración del episodio (segundos)</translation>
    </message>
    <message>
        <source>Pain (0-10)</source>
        <translation>Dolor (0-10)</translation>
    </message>
    <message>
        <source>Penn spasm frequency (0-4)</source>
        <translation>Frecuencia de espasmos de Penn (0-4)</translation>
    </message>
    <message>
        <source>ABI</source>
        <translation>ITB</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>no registrado</translation>
    </message>
</context>
<context>
    <name>DatabaseProblemDialog</name>
    <message>
        <source>Clinic Desktop: the records cannot be opened</source>
        <translation>Clinic Desktop: no se pueden abrir los registros</translation>
    </message>
    <message>
        <source>Restore the newest backup below, or ask your administrator.</source>
        <translation>Restaure la copia de seguridad más reciente (abajo) o consulte a su administrador/a.</translation>
    </message>
    <message>
        <source>No new, empty file was made in its place.</source>
        <translation>No se creó en su lugar ningún archivo nuevo vacío.</translation>
    </message>
    <message>
        <source>Nothing has been changed or overwritten. The file is left as it was.</source>
        <translation>No se ha cambiado ni sobrescrito nada. El archivo queda como estaba.</translation>
    </message>
    <message>
        <source>The newest backup that passed its check is from %1:
%2</source>
        <translation>La copia de seguridad más reciente que superó la comprobación es del %1:
%2</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Reintentar</translation>
    </message>
    <message>
        <source>&amp;Restore this backup</source>
        <translation>&amp;Restaurar esta copia</translation>
    </message>
    <message>
        <source>Use another data &amp;folder…</source>
        <translation>Usar otra &amp;carpeta de datos…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Choose the folder that holds (or will hold) the records</source>
        <translation>Elija la carpeta que contiene (o contendrá) los registros</translation>
    </message>
</context>
<context>
    <name>DiaryDialog</name>
    <message>
        <source>Cramp diary</source>
        <translation>Diario de calambres</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
    <message>
        <source>How long (seconds)</source>
        <translation>Cuánto duró (segundos)</translation>
    </message>
    <message>
        <source>How bad (0-10)</source>
        <translation>Intensidad (0-10)</translation>
    </message>
    <message>
        <source>What helped</source>
        <translation>Qué le ayudó</translation>
    </message>
    <message>
        <source>Diary entries</source>
        <translation>Anotaciones del diario</translation>
    </message>
    <message>
        <source>HH:MM</source>
        <translation>HH:MM</translation>
    </message>
    <message>
        <source>— not written</source>
        <translation>— no anotado</translation>
    </message>
    <message>
        <source>&amp;Add to the diary</source>
        <translation>&amp;Añadir al diario</translation>
    </message>
    <message>
        <source>&amp;Remove the chosen entry…</source>
        <translation>&amp;Eliminar la entrada elegida…</translation>
    </message>
    <message>
        <source>An entry typed by mistake (Delete in the list)</source>
        <translation>Una entrada escrita por error (Supr en la lista)</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Fecha:</translation>
    </message>
    <message>
        <source>&amp;Time:</source>
        <translation>&amp;Hora:</translation>
    </message>
    <message>
        <source>&amp;Where:</source>
        <translation>&amp;Dónde:</translation>
    </message>
    <message>
        <source>Si&amp;de:</source>
        <translation>&amp;Lado:</translation>
    </message>
    <message>
        <source>How &amp;long (seconds):</source>
        <translation>Cuánto d&amp;uró (segundos):</translation>
    </message>
    <message>
        <source>How &amp;bad (0-10):</source>
        <translation>&amp;Intensidad (0-10):</translation>
    </message>
    <message>
        <source>What &amp;helped:</source>
        <translation>&amp;Qué le ayudó:</translation>
    </message>
    <message>
        <source>This visit was signed on {0}: its diary is shown as it is. Type in the diary at the follow-up visit, or in an amendment of this one.</source>
        <translation>Esta visita se firmó el {0}: su diario se muestra tal como está. Escriba en el diario en la visita de seguimiento o en una enmienda de esta.</translation>
    </message>
    <message>
        <source>Side</source>
        <translation>Lado</translation>
    </message>
    <message>
        <source>the date of the cramp is required</source>
        <translation>la fecha del calambre es obligatoria</translation>
    </message>
    <message>
        <source>the date is after today</source>
        <translation>la fecha es posterior a hoy</translation>
    </message>
    <message>
        <source>write the time as HH:MM, 00:00 to 23:59</source>
        <translation>escriba la hora como HH:MM, de 00:00 a 23:59</translation>
    </message>
    <message>
        <source>not a site the program knows</source>
        <translation>no es una zona que el programa conozca</translation>
    </message>
    <message>
        <source>not left, right or both sides</source>
        <translation>no es izquierdo, derecho ni ambos lados</translation>
    </message>
    <message>
        <source>a cramp lasts more than 0 seconds and at most a day</source>
        <translation>un calambre dura más de 0 segundos y como mucho un día</translation>
    </message>
    <message>
        <source>intensity is 0 to 10</source>
        <translation>la intensidad va de 0 a 10</translation>
    </message>
    <message>
        <source>at most 500 characters</source>
        <translation>como mucho 500 caracteres</translation>
    </message>
    <message>
        <source>holds a control character</source>
        <translation>contiene un carácter de control</translation>
    </message>
    <message>
        <source>Not added: {0}: {1}</source>
        <translation>No se añadió: {0}: {1}</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>no es un número</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>No se guardó: {0}</translation>
    </message>
    <message>
        <source>Added: {0}</source>
        <translation>Añadido: {0}</translation>
    </message>
    <message>
        <source>Not removed: the entry was typed at the visit of {0}, signed on {1}, and a signed visit does not change. Open an amendment of that visit to remove it there.</source>
        <translation>No se eliminó: la entrada se escribió en la visita del {0}, firmada el {1}, y una visita firmada no cambia. Abra una enmienda de esa visita para eliminarla allí.</translation>
    </message>
    <message>
        <source>Remove a diary entry</source>
        <translation>Eliminar una entrada del diario</translation>
    </message>
    <message>
        <source>Remove the cramp of {0} from the diary? It leaves the diary and the trends; the records keep it, marked as removed by you.</source>
        <translation>¿Eliminar del diario el calambre del {0}? Sale del diario y de las tendencias; el registro lo conserva, marcado como eliminado por usted.</translation>
    </message>
    <message>
        <source>Removed: {0}</source>
        <translation>Eliminada: {0}</translation>
    </message>
    <message>
        <source>Not removed: {0}</source>
        <translation>No se eliminó: {0}</translation>
    </message>
</context>
<context>
    <name>ExaminationPage</name>
    <message>
        <source>Examination</source>
        <translation>Exploración neuromuscular</translation>
    </message>
    <message>
        <source>Whole examination normal</source>
        <translation>Exploración completa normal</translation>
    </message>
    <message>
        <source>Fills every finding not yet recorded with its normal: strength 5, tone 0, reflexes 2+, flexor plantars, no clonus, Chvostek and Trousseau absent, no fasciculations, atrophy or sensory loss. Then change only what is abnormal.</source>
        <translation>Rellena cada hallazgo aún no anotado con su valor normal: fuerza 5, tono 0, reflejos 2+, plantares flexores, sin clonus, Chvostek y Trousseau ausentes, sin fasciculaciones, atrofia ni pérdida sensitiva. Después cambie solo lo anormal.</translation>
    </message>
    <message>
        <source>Strength (MRC) and tone (Modified Ashworth)</source>
        <translation>Fuerza (MRC) y tono (escala de Ashworth modificada)</translation>
    </message>
    <message>
        <source>Muscle</source>
        <translation>Músculo</translation>
    </message>
    <message>
        <source>MRC left</source>
        <translation>MRC izquierda</translation>
    </message>
    <message>
        <source>MRC right</source>
        <translation>MRC derecha</translation>
    </message>
    <message>
        <source>Ashworth left</source>
        <translation>Ashworth izquierda</translation>
    </message>
    <message>
        <source>Ashworth right</source>
        <translation>Ashworth derecha</translation>
    </message>
    <message>
        <source>All strength normal (5)</source>
        <translation>Fuerza normal en todos (5)</translation>
    </message>
    <message>
        <source>All tone normal (0)</source>
        <translation>Tono normal en todos (0)</translation>
    </message>
    <message>
        <source>Reflexes</source>
        <translation>Reflejos</translation>
    </message>
    <message>
        <source>Reflex</source>
        <translation>Reflejo</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Izquierda</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Derecha</translation>
    </message>
    <message>
        <source>All reflexes normal (2+)</source>
        <translation>Todos los reflejos normales (2+)</translation>
    </message>
    <message>
        <source>Plantar, clonus and tetany signs</source>
        <translation>Respuesta plantar, clonus y signos de tetania</translation>
    </message>
    <message>
        <source>Plantar response, {0}</source>
        <translation>Respuesta plantar, {0}</translation>
    </message>
    <message>
        <source>Ankle clonus, {0}</source>
        <translation>Clonus aquíleo, {0}</translation>
    </message>
    <message>
        <source>Chvostek sign</source>
        <translation>Signo de Chvostek</translation>
    </message>
    <message>
        <source>Trousseau sign</source>
        <translation>Signo de Trousseau</translation>
    </message>
    <message>
        <source>Fasciculations</source>
        <translation>Fasciculaciones</translation>
    </message>
    <message>
        <source>Atrophy</source>
        <translation>Atrofia</translation>
    </message>
    <message>
        <source>Sensory loss</source>
        <translation>Pérdida sensitiva</translation>
    </message>
</context>
<context>
    <name>FindingsPanel</name>
    <message>
        <source>Red flags</source>
        <translation>Signos de alarma</translation>
    </message>
    <message>
        <source>Cautions</source>
        <translation>Precauciones</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Hallazgos</translation>
    </message>
    <message>
        <source>Sources and provenance…</source>
        <translation>Fuentes y procedencia…</translation>
    </message>
    <message>
        <source>The works each finding, red flag and plan item cites, and how each was read</source>
        <translation>Los trabajos que cita cada hallazgo, señal de alarma y punto del plan, y cómo se leyó cada uno</translation>
    </message>
    <message>
        <source>Derived values</source>
        <translation>Valores calculados</translation>
    </message>
    <message>
        <source>None from what is recorded so far.</source>
        <translation>Ninguno con lo registrado hasta ahora.</translation>
    </message>
    <message>
        <source>ICD-10-CM: {0}</source>
        <translation>CIE-10-MC: {0}</translation>
    </message>
    <message>
        <source>No findings yet.</source>
        <translation>Aún no hay hallazgos.</translation>
    </message>
    <message>
        <source>ABI {0}: {1} ({2})</source>
        <translation>ITB {0}: {1} ({2})</translation>
    </message>
    <message>
        <source>Corrected calcium: {0} mmol/L</source>
        <translation>Calcio corregido: {0} mmol/L</translation>
    </message>
    <message>
        <source>eGFR: {0} mL/min/1.73m2</source>
        <translation>FGe: {0} mL/min/1,73 m²</translation>
    </message>
    <message>
        <source>CK: {0} × upper limit</source>
        <translation>CK: {0} × límite superior</translation>
    </message>
    <message>
        <source>None yet.</source>
        <translation>Aún ninguno.</translation>
    </message>
</context>
<context>
    <name>FirstAdministratorDialog</name>
    <message>
        <source>Create the first administrator</source>
        <translation>Crear el primer administrador</translation>
    </message>
    <message>
        <source>No one can sign in yet. Create the administrator account; the administrator then adds clinicians and front-desk staff.</source>
        <translation>Todavía nadie puede iniciar sesión. Cree la cuenta de administrador; después el administrador añade a los profesionales clínicos y al personal de recepción.</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nombre completo</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>Repita la contraseña</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Las dos contraseñas no coinciden.</translation>
    </message>
</context>
<context>
    <name>FolderField</name>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Choose the folder: {0}</source>
        <translation>Elegir la carpeta: {0}</translation>
    </message>
</context>
<context>
    <name>HeldResultsWidget</name>
    <message>
        <source>Held lab results</source>
        <translation>Resultados de laboratorio retenidos</translation>
    </message>
    <message>
        <source>Results the program would not place by itself. Nothing of them is in any record until you place them in an order or dismiss them.</source>
        <translation>Resultados que el programa no colocaría por sí solo. Nada de ellos está en ningún expediente hasta que usted los coloque en un pedido o los descarte.</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>Patient as sent</source>
        <translation>Paciente según el envío</translation>
    </message>
    <message>
        <source>Test as sent</source>
        <translation>Prueba según el envío</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Why it is held</source>
        <translation>Por qué se retiene</translation>
    </message>
    <message>
        <source>&amp;Place in an order…</source>
        <translation>&amp;Colocar en un pedido…</translation>
    </message>
    <message>
        <source>&amp;Dismiss…</source>
        <translation>&amp;Descartar…</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>Ac&amp;tualizar</translation>
    </message>
    <message numerus="yes">
        <source>%n held result(s) wait for you.</source>
        <translation>
            <numerusform>%n resultado retenido le espera.</numerusform>
            <numerusform>%n resultados retenidos le esperan.</numerusform>
        </translation>
    </message>
    <message>
        <source>No held results.</source>
        <translation>No hay resultados retenidos.</translation>
    </message>
    <message>
        <source>The result was placed.</source>
        <translation>El resultado se colocó.</translation>
    </message>
    <message>
        <source>Dismiss a held result</source>
        <translation>Descartar un resultado retenido</translation>
    </message>
    <message>
        <source>Why does this result belong in no record here?</source>
        <translation>¿Por qué este resultado no pertenece a ningún expediente aquí?</translation>
    </message>
    <message>
        <source>Say why the result is dismissed.</source>
        <translation>Diga por qué se descarta el resultado.</translation>
    </message>
    <message>
        <source>The result was dismissed.</source>
        <translation>El resultado se descartó.</translation>
    </message>
    <message>
        <source>Not done: {0}</source>
        <translation>No se hizo: {0}</translation>
    </message>
</context>
<context>
    <name>HistoryPage</name>
    <message>
        <source>History</source>
        <translation>Anamnesis</translation>
    </message>
    <message>
        <source>Sites and side</source>
        <translation>Localización y lado</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>AAAA-MM-DD</translation>
    </message>
    <message>
        <source>Visit date</source>
        <translation>Fecha de la visita</translation>
    </message>
    <message>
        <source>Presentation</source>
        <translation>Forma de presentación</translation>
    </message>
    <message>
        <source>Pattern and severity</source>
        <translation>Patrón y gravedad</translation>
    </message>
    <message>
        <source>Episodes per week</source>
        <translation>Episodios por semana</translation>
    </message>
    <message>
        <source>Episode duration (seconds)</source>
        <translation>Duración del episodio (segundos)</translation>
    </message>
    <message>
        <source>Pain score</source>
        <translation>Intensidad del dolor</translation>
    </message>
    <message>
        <source>Pain score (0-10)</source>
        <translation>Intensidad del dolor (0-10)</translation>
    </message>
    <message>
        <source>Penn spasm frequency</source>
        <translation>Frecuencia de espasmos de Penn</translation>
    </message>
    <message>
        <source>Penn spasm frequency (0-4)</source>
        <translation>Frecuencia de espasmos de Penn (0-4)</translation>
    </message>
    <message>
        <source>Warning signs</source>
        <translation>Signos de alarma</translation>
    </message>
    <message>
        <source>Dark urine</source>
        <translation>Orina oscura</translation>
    </message>
    <message>
        <source>Dark urine after episodes</source>
        <translation>Orina oscura tras los episodios</translation>
    </message>
    <message>
        <source>Progressive</source>
        <translation>Progresivo</translation>
    </message>
    <message>
        <source>Getting worse over time</source>
        <translation>Empeora con el tiempo</translation>
    </message>
    <message>
        <source>Neither (answer No to both)</source>
        <translation>Ninguno (responder No a ambos)</translation>
    </message>
    <message>
        <source>Triggers</source>
        <translation>Desencadenantes</translation>
    </message>
    <message>
        <source>Symptoms</source>
        <translation>Síntomas</translation>
    </message>
    <message>
        <source>Known conditions</source>
        <translation>Enfermedades conocidas</translation>
    </message>
    <message>
        <source>Pregnancy</source>
        <translation>Embarazo</translation>
    </message>
    <message>
        <source>Pregnant</source>
        <translation>Embarazada</translation>
    </message>
    <message>
        <source>Pregnancy weeks</source>
        <translation>Semanas de embarazo</translation>
    </message>
    <message>
        <source>Completed weeks</source>
        <translation>Semanas cumplidas</translation>
    </message>
    <message>
        <source>Ask about pregnancy anyway</source>
        <translation>Preguntar por el embarazo de todos modos</translation>
    </message>
    <message>
        <source>Visit date: “{0}” is not a date (YYYY-MM-DD)</source>
        <translation>Fecha de la visita: «{0}» no es una fecha (AAAA-MM-DD)</translation>
    </message>
    <message>
        <source>Visit date: required</source>
        <translation>Fecha de la visita: obligatoria</translation>
    </message>
</context>
<context>
    <name>HormonalPage</name>
    <message>
        <source>Hormonal review</source>
        <translation>Revisión hormonal</translation>
    </message>
    <message>
        <source>Thyroid, adrenal and calcium results from the labs page, with the rules&apos; interpretation. Enter or correct results on the labs page.</source>
        <translation>Resultados tiroideos, suprarrenales y de calcio de la página de análisis, con la interpretación de las reglas. Introduzca o corrija los resultados en la página de análisis.</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <source>Related history and signs</source>
        <translation>Antecedentes y signos relacionados</translation>
    </message>
    <message>
        <source>Interpretation</source>
        <translation>Interpretación</translation>
    </message>
    <message>
        <source>no result</source>
        <translation>sin resultado</translation>
    </message>
    <message>
        <source>Conditions: {0}</source>
        <translation>Enfermedades: {0}</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation>ninguna registrada</translation>
    </message>
    <message>
        <source>Chvostek sign: {0}</source>
        <translation>Signo de Chvostek: {0}</translation>
    </message>
    <message>
        <source>Trousseau sign: {0}</source>
        <translation>Signo de Trousseau: {0}</translation>
    </message>
    <message>
        <source>No thyroid, adrenal or calcium finding from the results so far.</source>
        <translation>Ningún hallazgo tiroideo, suprarrenal ni del calcio con los resultados hasta ahora.</translation>
    </message>
    <message>
        <source>not assessed</source>
        <translation>no valorado</translation>
    </message>
    <message>
        <source>present</source>
        <translation>presente</translation>
    </message>
    <message>
        <source>absent</source>
        <translation>ausente</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Lab results imported</source>
        <translation>Resultados de laboratorio importados</translation>
    </message>
    <message>
        <source>What the import did</source>
        <translation>Lo que hizo la importación</translation>
    </message>
    <message>
        <source>&amp;Resolve held results…</source>
        <translation>&amp;Resolver resultados retenidos…</translation>
    </message>
    <message>
        <source>&amp;Open the addendum</source>
        <translation>&amp;Abrir la adenda</translation>
    </message>
    <message>
        <source>Lab results not imported</source>
        <translation>Resultados de laboratorio no importados</translation>
    </message>
    <message>
        <source>{0} was not imported; nothing was stored.</source>
        <translation>{0} no se importó; no se guardó nada.</translation>
    </message>
    <message>
        <source>{0} was imported before; nothing was stored again.</source>
        <translation>{0} ya se importó antes; no se guardó nada de nuevo.</translation>
    </message>
    <message>
        <source>{0}: {1} results stored, {2} held for you to resolve.</source>
        <translation>{0}: {1} resultados guardados, {2} retenidos para que usted los resuelva.</translation>
    </message>
    <message>
        <source>Stored: {0} {1} {2} in order {3}</source>
        <translation>Guardado: {0} {1} {2} en el pedido {3}</translation>
    </message>
    <message>
        <source>{0} results were stored before and are not stored twice.</source>
        <translation>{0} resultados ya se habían guardado y no se guardan dos veces.</translation>
    </message>
    <message>
        <source>An addendum is open for the signed visit: review what changed and sign it.</source>
        <translation>Hay una adenda abierta para la visita firmada: revise lo que cambió y fírmela.</translation>
    </message>
    <message>
        <source>Held ({0}, {1}): {2}</source>
        <translation>Retenido ({0}, {1}): {2}</translation>
    </message>
</context>
<context>
    <name>LabInterface</name>
    <message>
        <source>Res&amp;ults</source>
        <translation>R&amp;esultados</translation>
    </message>
    <message>
        <source>&amp;Import lab results…</source>
        <translation>&amp;Importar resultados de laboratorio…</translation>
    </message>
    <message>
        <source>&amp;Held lab results</source>
        <translation>Resultados de laboratorio &amp;retenidos</translation>
    </message>
    <message>
        <source>Lab &amp;interface…</source>
        <translation>&amp;Interfaz de laboratorio…</translation>
    </message>
    <message>
        <source>{0}: {1} results stored, {2} held</source>
        <translation>{0}: {1} resultados guardados, {2} retenidos</translation>
    </message>
    <message>
        <source>Lab order written to %1</source>
        <translation>Pedido de laboratorio escrito en %1</translation>
    </message>
    <message>
        <source>The lab order could not be written to the orders folder: %1</source>
        <translation>No se pudo escribir el pedido de laboratorio en la carpeta de pedidos: %1</translation>
    </message>
</context>
<context>
    <name>LabInterfaceDialog</name>
    <message>
        <source>Lab interface</source>
        <translation>Interfaz de laboratorio</translation>
    </message>
    <message>
        <source>Signed visits&apos; orders are written as HL7 v2.5.1 files into the orders folder; results files put in the results folder are imported as they arrive.</source>
        <translation>Los pedidos de las visitas firmadas se escriben como archivos HL7 v2.5.1 en la carpeta de pedidos; los archivos de resultados que llegan a la carpeta de resultados se importan según llegan.</translation>
    </message>
    <message>
        <source>Orders folder</source>
        <translation>Carpeta de pedidos</translation>
    </message>
    <message>
        <source>&amp;Orders folder:</source>
        <translation>Carpeta de &amp;pedidos:</translation>
    </message>
    <message>
        <source>Results folder</source>
        <translation>Carpeta de resultados</translation>
    </message>
    <message>
        <source>&amp;Results folder:</source>
        <translation>Carpeta de &amp;resultados:</translation>
    </message>
    <message>
        <source>Order message</source>
        <translation>Mensaje de pedido</translation>
    </message>
    <message>
        <source>OML^O21 (laboratory order, v2.5.1)</source>
        <translation>OML^O21 (pedido de laboratorio, v2.5.1)</translation>
    </message>
    <message>
        <source>ORM^O01 (general order, for older interfaces)</source>
        <translation>ORM^O01 (pedido general, para interfaces más antiguas)</translation>
    </message>
    <message>
        <source>Order &amp;message:</source>
        <translation>&amp;Mensaje de pedido:</translation>
    </message>
    <message>
        <source>{0}: no such folder.</source>
        <translation>{0}: no existe esa carpeta.</translation>
    </message>
</context>
<context>
    <name>LabsPage</name>
    <message>
        <source>Labs</source>
        <translation>Análisis de laboratorio</translation>
    </message>
    <message>
        <source>Tests to order (suggested ones are ticked, with the reason)</source>
        <translation>Pruebas que solicitar (las propuestas están marcadas, con el motivo)</translation>
    </message>
    <message>
        <source>Results (value, unit, the laboratory&apos;s own interval)</source>
        <translation>Resultados (valor, unidad, intervalo del propio laboratorio)</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Prueba</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Unidad</translation>
    </message>
    <message>
        <source>Lab low</source>
        <translation>Límite inferior</translation>
    </message>
    <message>
        <source>Lab high</source>
        <translation>Límite superior</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Marca</translation>
    </message>
    <message>
        <source>{0} is not possible for {1}: check the value.</source>
        <translation>{0} no es posible para {1}: revise el valor.</translation>
    </message>
    <message>
        <source>{0} is not possible for {1}: did you mean {2}?</source>
        <translation>{0} no es posible para {1}: ¿quería decir {2}?</translation>
    </message>
    <message>
        <source>{0}: the laboratory&apos;s low limit must be below its high limit</source>
        <translation>{0}: el límite inferior del laboratorio debe ser menor que el superior</translation>
    </message>
    <message>
        <source>result entered</source>
        <translation>resultado introducido</translation>
    </message>
    <message>
        <source>result entered, not ordered</source>
        <translation>resultado anotado, no solicitado</translation>
    </message>
    <message>
        <source>suggested</source>
        <translation>propuesta</translation>
    </message>
    <message>
        <source>critically low</source>
        <translation>críticamente bajo</translation>
    </message>
    <message>
        <source>low</source>
        <translation>bajo</translation>
    </message>
    <message>
        <source>within the interval</source>
        <translation>dentro del intervalo</translation>
    </message>
    <message>
        <source>high</source>
        <translation>alto</translation>
    </message>
    <message>
        <source>critically high</source>
        <translation>críticamente alto</translation>
    </message>
    <message>
        <source>laboratory interval {0}–{1} {2}</source>
        <translation>intervalo del laboratorio {0}–{1} {2}</translation>
    </message>
    <message>
        <source>judged on the laboratory&apos;s interval</source>
        <translation>valorado con el intervalo del laboratorio</translation>
    </message>
    <message>
        <source>judged on the default interval</source>
        <translation>valorado con el intervalo por defecto</translation>
    </message>
    <message>
        <source>Judged on the laboratory&apos;s reference interval</source>
        <translation>Valorado con el intervalo de referencia del laboratorio</translation>
    </message>
    <message>
        <source>Judged on the default interval of:</source>
        <translation>Valorado con el intervalo por defecto de:</translation>
    </message>
    <message>
        <source>{0} laboratory high</source>
        <translation>{0} límite superior del laboratorio</translation>
    </message>
    <message>
        <source>{0} laboratory low</source>
        <translation>{0} límite inferior del laboratorio</translation>
    </message>
    <message>
        <source>{0} value</source>
        <translation>{0} valor</translation>
    </message>
</context>
<context>
    <name>LockController</name>
    <message>
        <source>&amp;Lock now</source>
        <translation>&amp;Bloquear ahora</translation>
    </message>
    <message>
        <source>Clinic Desktop (locked)</source>
        <translation>Clinic Desktop (bloqueado)</translation>
    </message>
    <message>
        <source>Wrong password.</source>
        <translation>Contraseña incorrecta.</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Clinic Desktop is locked</source>
        <translation>Clinic Desktop está bloqueado</translation>
    </message>
    <message>
        <source>Signed in: %1</source>
        <translation>Sesión de: %1</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in to Clinic Desktop</source>
        <translation>Iniciar sesión en Clinic Desktop</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Clinic Desktop</source>
        <translation>Clinic Desktop</translation>
    </message>
    <message>
        <source>Where the records are kept</source>
        <translation>Dónde se guardan los registros</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;New patient…</source>
        <translation>&amp;Nuevo paciente…</translation>
    </message>
    <message>
        <source>&amp;Find patient</source>
        <translation>&amp;Buscar paciente</translation>
    </message>
    <message>
        <source>&amp;Close page</source>
        <translation>&amp;Cerrar página</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>&amp;User guide</source>
        <translation>&amp;Guía de uso</translation>
    </message>
    <message>
        <source>&amp;About Clinic Desktop</source>
        <translation>&amp;Acerca de Clinic Desktop</translation>
    </message>
    <message>
        <source>About Clinic Desktop</source>
        <translation>Acerca de Clinic Desktop</translation>
    </message>
    <message>
        <source>Clinic Desktop {version}

Assessment and care plans for patients with muscle spasms.
Every clinical rule names its source; doses are for the clinician to confirm.</source>
        <translation>Clinic Desktop {version}

Evaluación y planes de cuidados para pacientes con espasmos musculares.
Cada regla clínica cita su fuente; las dosis las confirma el profesional clínico.</translation>
    </message>
</context>
<context>
    <name>MedicationsPage</name>
    <message>
        <source>Medications</source>
        <translation>Medicación</translation>
    </message>
    <message>
        <source>Takes no medications</source>
        <translation>No toma medicación</translation>
    </message>
    <message>
        <source>Current medications</source>
        <translation>Medicación actual</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>Dosis</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Add medication</source>
        <translation>Añadir medicamento</translation>
    </message>
    <message>
        <source>Medication {0}</source>
        <translation>Medicamento {0}</translation>
    </message>
    <message>
        <source>Started: “{0}” is not YYYY-MM or YYYY-MM-DD</source>
        <translation>Inicio: «{0}» no es AAAA-MM ni AAAA-MM-DD</translation>
    </message>
    <message>
        <source>Not in the drug list: the rules cannot judge it.</source>
        <translation>No está en la lista de fármacos: las reglas no pueden valorarlo.</translation>
    </message>
    <message>
        <source>⚠ Associated with cramps — {0}</source>
        <translation>⚠ Asociado a calambres — {0}</translation>
    </message>
    <message>
        <source>Recognised: {0}</source>
        <translation>Reconocido: {0}</translation>
    </message>
    <message>
        <source>Dose as prescribed</source>
        <translation>Dosis según la prescripción</translation>
    </message>
    <message>
        <source>Generic or brand name</source>
        <translation>Nombre genérico o comercial</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>YYYY-MM or YYYY-MM-DD</source>
        <translation>AAAA-MM o AAAA-MM-DD</translation>
    </message>
</context>
<context>
    <name>PatientDialog</name>
    <message>
        <source>New patient</source>
        <translation>Nuevo paciente</translation>
    </message>
    <message>
        <source>Edit patient</source>
        <translation>Editar paciente</translation>
    </message>
    <message>
        <source>YYYY-MM-DD or DD/MM/YYYY</source>
        <translation>AAAA-MM-DD o DD/MM/AAAA</translation>
    </message>
    <message>
        <source>&amp;MRN</source>
        <translation>N.º de &amp;historia</translation>
    </message>
    <message>
        <source>&amp;Family name</source>
        <translation>&amp;Apellidos</translation>
    </message>
    <message>
        <source>&amp;Given name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>&amp;Date of birth</source>
        <translation>&amp;Fecha de nacimiento</translation>
    </message>
    <message>
        <source>&amp;Sex</source>
        <translation>&amp;Sexo</translation>
    </message>
    <message>
        <source>Preferred &amp;language</source>
        <translation>&amp;Idioma preferido</translation>
    </message>
    <message>
        <source>Fields marked * are required.</source>
        <translation>Los campos marcados con * son obligatorios.</translation>
    </message>
    <message>
        <source>Give the next number</source>
        <translation>Dar el número siguiente</translation>
    </message>
    <message>
        <source>The next free number is taken on saving (now {0}).</source>
        <translation>El siguiente número libre se asigna al guardar (ahora {0}).</translation>
    </message>
    <message>
        <source>required</source>
        <translation>obligatorio</translation>
    </message>
    <message>
        <source>Stored as %1</source>
        <translation>Se guardará como %1</translation>
    </message>
    <message>
        <source>given on saving</source>
        <translation>se asigna al guardar</translation>
    </message>
</context>
<context>
    <name>PatientLabels</name>
    <message>
        <source>Amended</source>
        <translation>Enmendada</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Mujer</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Hombre</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>No registrado</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>Firmada</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
</context>
<context>
    <name>PatientPanelWidget</name>
    <message>
        <source>&amp;Visits</source>
        <translation>&amp;Visitas</translation>
    </message>
    <message>
        <source>Start a new assessment (Ctrl+Shift+A)</source>
        <translation>Empezar una nueva evaluación (Ctrl+Shift+A)</translation>
    </message>
    <message>
        <source>New assessment</source>
        <translation>Nueva evaluación</translation>
    </message>
    <message>
        <source>Edit patient</source>
        <translation>Editar paciente</translation>
    </message>
    <message>
        <source>Correct this patient&apos;s details (Ctrl+E)</source>
        <translation>Corregir los datos de este paciente (Ctrl+E)</translation>
    </message>
    <message>
        <source>No patient open</source>
        <translation>Ningún paciente abierto</translation>
    </message>
    <message>
        <source>Search for a patient and press Enter, or register a new patient.</source>
        <translation>Busque un paciente y pulse Intro, o registre un paciente nuevo.</translation>
    </message>
    <message>
        <source>MRN {mrn} · born {birth} · {sex} · {language}</source>
        <translation>N.º de historia {mrn} · nacimiento {birth} · {sex} · {language}</translation>
    </message>
    <message>
        <source>Loading visits…</source>
        <translation>Cargando las visitas…</translation>
    </message>
    <message numerus="yes">
        <source>Visits: %n</source>
        <translation>
            <numerusform>Visitas: %n</numerusform>
            <numerusform>Visitas: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>No visits yet.</source>
        <translation>Aún no hay visitas.</translation>
    </message>
</context>
<context>
    <name>PatientRegistryWidget</name>
    <message>
        <source>Name, MRN or date of birth (YYYY-MM-DD or DD/MM/YYYY)</source>
        <translation>Nombre, n.º de historia o fecha de nacimiento (AAAA-MM-DD o DD/MM/AAAA)</translation>
    </message>
    <message>
        <source>Search patients</source>
        <translation>Buscar pacientes</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Buscar:</translation>
    </message>
    <message>
        <source>&amp;New patient…</source>
        <translation>&amp;Nuevo paciente…</translation>
    </message>
    <message>
        <source>Register a new patient (Ctrl+N)</source>
        <translation>Registrar un paciente nuevo (Ctrl+N)</translation>
    </message>
    <message>
        <source>Patients found</source>
        <translation>Pacientes encontrados</translation>
    </message>
    <message>
        <source>Opening the records…</source>
        <translation>Abriendo los registros…</translation>
    </message>
    <message numerus="yes">
        <source>Patients found: %n</source>
        <translation>
            <numerusform>Pacientes encontrados: %n</numerusform>
            <numerusform>Pacientes encontrados: %n</numerusform>
        </translation>
    </message>
    <message>
        <source>No patient matches “{text}”.</source>
        <translation>Ningún paciente coincide con «{text}».</translation>
    </message>
    <message>
        <source>No patients registered yet.</source>
        <translation>Aún no hay pacientes registrados.</translation>
    </message>
    <message>
        <source>Patient saved.</source>
        <translation>Paciente guardado.</translation>
    </message>
</context>
<context>
    <name>PatientTableModel</name>
    <message>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <source>Family name</source>
        <translation>Apellidos</translation>
    </message>
    <message>
        <source>Given name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>MRN</source>
        <translation>N.º de historia</translation>
    </message>
    <message>
        <source>Sex</source>
        <translation>Sexo</translation>
    </message>
</context>
<context>
    <name>PdfPreviewWidget</name>
    <message>
        <source>Pages of the document</source>
        <translation>Páginas del documento</translation>
    </message>
    <message>
        <source>Text of the document</source>
        <translation>Texto del documento</translation>
    </message>
    <message>
        <source>&lt; &amp;Back to the visit</source>
        <translation>&lt; &amp;Volver a la visita</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimir…</translation>
    </message>
    <message>
        <source>&amp;Save as…</source>
        <translation>&amp;Guardar como…</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s)</source>
        <translation>
            <numerusform>%n página</numerusform>
            <numerusform>%n páginas</numerusform>
        </translation>
    </message>
    <message>
        <source>Preparing the document…</source>
        <translation>Preparando el documento…</translation>
    </message>
    <message>
        <source>The document could not be prepared: %1</source>
        <translation>No se ha podido preparar el documento: %1</translation>
    </message>
    <message>
        <source>Could not save %1: %2</source>
        <translation>No se ha podido guardar %1: %2</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Guardado en %1</translation>
    </message>
    <message>
        <source>The printer could not be started.</source>
        <translation>No se ha podido iniciar la impresora.</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Imprimiendo…</translation>
    </message>
    <message numerus="yes">
        <source>Printed %n page(s)</source>
        <translation>
            <numerusform>Impresa %n página</numerusform>
            <numerusform>Impresas %n páginas</numerusform>
        </translation>
    </message>
    <message>
        <source>Printing failed: check the printer and print again.</source>
        <translation>No se pudo imprimir: revise la impresora e imprima de nuevo.</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>Guardar como</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Documentos PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>PictureField</name>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>Choose a picture</source>
        <translation>Elija una imagen</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg)</translation>
    </message>
</context>
<context>
    <name>PlaceResultDialog</name>
    <message>
        <source>Place a held result</source>
        <translation>Colocar un resultado retenido</translation>
    </message>
    <message>
        <source>{0} {1} {2} ({3}), sampled {4}</source>
        <translation>{0} {1} {2} ({3}), muestra tomada {4}</translation>
    </message>
    <message>
        <source>at an unknown time</source>
        <translation>en un momento desconocido</translation>
    </message>
    <message>
        <source>As received:</source>
        <translation>Tal como llegó:</translation>
    </message>
    <message>
        <source>Held because:</source>
        <translation>Retenido porque:</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Prueba</translation>
    </message>
    <message>
        <source>&amp;Test:</source>
        <translation>&amp;Prueba:</translation>
    </message>
    <message>
        <source>Unit the laboratory reported it in</source>
        <translation>Unidad en que lo informó el laboratorio</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>&amp;Unidad:</translation>
    </message>
    <message>
        <source>Pending order</source>
        <translation>Pedido pendiente</translation>
    </message>
    <message>
        <source>&amp;Order:</source>
        <translation>Pe&amp;dido:</translation>
    </message>
    <message>
        <source>&amp;Place</source>
        <translation>&amp;Colocar</translation>
    </message>
    <message>
        <source>No order waits for this test: dismiss the result, or order the test.</source>
        <translation>Ningún pedido espera esta prueba: descarte el resultado o pida la prueba.</translation>
    </message>
</context>
<context>
    <name>PlannedItemWidget</name>
    <message>
        <source>Held back while a red flag calls for it: not printed now; it returns when the flag no longer fires.</source>
        <translation>En espera mientras una señal de alarma lo pida: no se imprime ahora; vuelve cuando la señal ya no esté.</translation>
    </message>
    <message>
        <source>suggested by the rules</source>
        <translation>propuesto por las reglas</translation>
    </message>
    <message>
        <source>from the library</source>
        <translation>de la biblioteca</translation>
    </message>
    <message>
        <source>written by the clinician</source>
        <translation>escrito por el profesional clínico</translation>
    </message>
    <message>
        <source>, edited</source>
        <translation>, modificado</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Why: {0}</source>
        <translation>Motivo: {0}</translation>
    </message>
    <message>
        <source>Evidence: {0}</source>
        <translation>Evidencia: {0}</translation>
    </message>
    <message>
        <source>Sources: {0}</source>
        <translation>Fuentes: {0}</translation>
    </message>
    <message>
        <source>Sources…</source>
        <translation>Fuentes…</translation>
    </message>
    <message>
        <source>Each cited work and how it was read</source>
        <translation>Cada trabajo citado y cómo se leyó</translation>
    </message>
    <message>
        <source>Written by you; printed exactly as written</source>
        <translation>La escribe usted; se imprime tal cual</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <source>Dose</source>
        <translation>Dosis</translation>
    </message>
    <message>
        <source>How to take it</source>
        <translation>Cómo tomarlo</translation>
    </message>
</context>
<context>
    <name>ProfileDialog</name>
    <message>
        <source>The profile could not be saved: {0}</source>
        <translation>No se pudo guardar el perfil: {0}</translation>
    </message>
</context>
<context>
    <name>ProvenanceDialog</name>
    <message>
        <source>Sources and provenance</source>
        <translation>Fuentes y procedencia</translation>
    </message>
    <message>
        <source>No cited works.</source>
        <translation>No cita ningún trabajo.</translation>
    </message>
    <message>
        <source>Not printed for the patient: a coding classification.</source>
        <translation>No se imprime para el paciente: una clasificación de codificación.</translation>
    </message>
    <message>
        <source>Printed on the patient&apos;s sources page as the whole work.</source>
        <translation>Se imprime en la página de fuentes del paciente como la obra completa.</translation>
    </message>
    <message>
        <source>Printed on the patient&apos;s sources page.</source>
        <translation>Se imprime en la página de fuentes del paciente.</translation>
    </message>
    <message>
        <source>Not printed for the patient: no primary identifier (a summary, mirror, incomplete reference or a rule of this program).</source>
        <translation>No se imprime para el paciente: sin identificador primario (un resumen, una copia, una referencia incompleta o una regla de este programa).</translation>
    </message>
    <message>
        <source>How the clinical reference read it:</source>
        <translation>Cómo lo leyó la referencia clínica:</translation>
    </message>
</context>
<context>
    <name>QWidget</name>
    <message>
        <source>Administrator (users and settings)</source>
        <translation>Administrador (usuarios y configuración)</translation>
    </message>
    <message>
        <source>Clinician (assess and sign)</source>
        <translation>Profesional clínico (evalúa y firma)</translation>
    </message>
    <message>
        <source>Front desk (register and print)</source>
        <translation>Recepción (registra e imprime)</translation>
    </message>
</context>
<context>
    <name>RecordNumbersDialog</name>
    <message>
        <source>Record numbers</source>
        <translation>Números de historia</translation>
    </message>
    <message>
        <source>For clinics without their own numbering: the program gives each new patient the next free number. Numbers already in use are skipped.</source>
        <translation>Para clínicas sin numeración propia: el programa da a cada paciente nuevo el siguiente número libre. Los números ya usados se saltan.</translation>
    </message>
    <message>
        <source>The program gives record numbers</source>
        <translation>El programa asigna los números de historia</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Prefijo</translation>
    </message>
    <message>
        <source>Next number</source>
        <translation>Número siguiente</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>Cifras</translation>
    </message>
    <message>
        <source>The next patient gets</source>
        <translation>El próximo paciente recibe</translation>
    </message>
    <message>
        <source>The prefix: at most 20 printable characters.</source>
        <translation>El prefijo: como mucho 20 caracteres imprimibles.</translation>
    </message>
    <message>
        <source>The next number: a whole number that fits the digits.</source>
        <translation>El número siguiente: un número entero que quepa en las cifras.</translation>
    </message>
    <message>
        <source>The digits: a whole number from 1 to 12.</source>
        <translation>Las cifras: un número entero de 1 a 12.</translation>
    </message>
    <message>
        <source>(the clinic types its own numbers)</source>
        <translation>(la clínica escribe sus propios números)</translation>
    </message>
</context>
<context>
    <name>RecordsOpener</name>
    <message>
        <source>Opening the records…</source>
        <translation>Abriendo los registros…</translation>
    </message>
    <message>
        <source>The records file is damaged</source>
        <translation>El archivo de historiales está dañado</translation>
    </message>
    <message>
        <source>The records file %1 failed its integrity check. Finish what you are doing, close Clinic Desktop and ask your administrator; it may need the newest backup.</source>
        <translation>El archivo de historiales %1 no superó la comprobación de integridad. Termine lo que está haciendo, cierre Clinic Desktop y avise a su administrador; puede hacer falta la copia de seguridad más reciente.</translation>
    </message>
    <message>
        <source>The backup could not be restored: %1</source>
        <translation>No se pudo restaurar la copia de seguridad: %1</translation>
    </message>
    <message>
        <source>Nothing was changed. Try again, or ask your administrator.</source>
        <translation>No se cambió nada. Inténtelo de nuevo o consulte a su administrador.</translation>
    </message>
    <message>
        <source>Restoring the backup…</source>
        <translation>Restaurando la copia de seguridad…</translation>
    </message>
</context>
<context>
    <name>RedFlagWidget</name>
    <message>
        <source>EMERGENCY</source>
        <translation>EMERGENCIA</translation>
    </message>
    <message>
        <source>URGENT</source>
        <translation>URGENTE</translation>
    </message>
    <message>
        <source>SOON</source>
        <translation>PREFERENTE</translation>
    </message>
    <message>
        <source>{0} — refer: {1}</source>
        <translation>{0} — derivar a: {1}</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Confirmar</translation>
    </message>
</context>
<context>
    <name>ResultsDesk</name>
    <message>
        <source>its code is not a LOINC code of a test the program knows</source>
        <translation>su código no es un código LOINC de una prueba que el programa conozca</translation>
    </message>
    <message>
        <source>its unit is not one the program knows for that test</source>
        <translation>su unidad no es una que el programa conozca para esa prueba</translation>
    </message>
    <message>
        <source>its value is not a number</source>
        <translation>su valor no es un número</translation>
    </message>
    <message>
        <source>the laboratory has not marked it final</source>
        <translation>el laboratorio no lo ha marcado como definitivo</translation>
    </message>
    <message>
        <source>its value is beyond what a living body can have</source>
        <translation>su valor está más allá de lo que puede tener un cuerpo vivo</translation>
    </message>
    <message>
        <source>no registered patient has that MRN and birth date</source>
        <translation>ningún paciente registrado tiene ese número de historia y esa fecha de nacimiento</translation>
    </message>
    <message>
        <source>the patient does not match the order&apos;s patient</source>
        <translation>el paciente no coincide con el paciente del pedido</translation>
    </message>
    <message>
        <source>no pending order of the patient holds that test</source>
        <translation>ningún pedido pendiente del paciente incluye esa prueba</translation>
    </message>
    <message>
        <source>several pending orders of the patient hold that test</source>
        <translation>varios pedidos pendientes del paciente incluyen esa prueba</translation>
    </message>
    <message>
        <source>the order already holds a different result for that test</source>
        <translation>el pedido ya tiene un resultado distinto para esa prueba</translation>
    </message>
    <message>
        <source>the visit already holds a different value for that test</source>
        <translation>la visita ya tiene un valor distinto para esa prueba</translation>
    </message>
    <message>
        <source>Import lab results</source>
        <translation>Importar resultados de laboratorio</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source> or </source>
        <translation> o </translation>
    </message>
    <message>
        <source>Close the page on screen (a visit is saved first)</source>
        <translation>Cerrar la página en pantalla (una visita se guarda antes)</translation>
    </message>
    <message>
        <source>Correct the open patient&apos;s details</source>
        <translation>Corregir los datos del paciente abierto</translation>
    </message>
    <message>
        <source>From a document back to the visit</source>
        <translation>De un documento de vuelta a la visita</translation>
    </message>
    <message>
        <source>From the list of patients back to the search</source>
        <translation>De la lista de pacientes de vuelta a la búsqueda</translation>
    </message>
    <message>
        <source>Go to step 1 to 7 of the visit</source>
        <translation>Ir al paso 1 a 7 de la visita</translation>
    </message>
    <message>
        <source>Go to the patient search</source>
        <translation>Ir a la búsqueda de pacientes</translation>
    </message>
    <message>
        <source>Lock the window now (your password unlocks it)</source>
        <translation>Bloquear la ventana ahora (su contraseña la desbloquea)</translation>
    </message>
    <message>
        <source>Next step of the visit</source>
        <translation>Paso siguiente de la visita</translation>
    </message>
    <message>
        <source>Open the patient found (in the search field or the list of patients)</source>
        <translation>Abrir el paciente encontrado (en el campo de búsqueda o en la lista de pacientes)</translation>
    </message>
    <message>
        <source>Previous step of the visit</source>
        <translation>Paso anterior de la visita</translation>
    </message>
    <message>
        <source>Compare this visit with the previous one (or any earlier one)</source>
        <translation>Comparar esta visita con la anterior (o cualquier otra previa)</translation>
    </message>
    <message>
        <source>Trends of labs and cramps across the patient&apos;s visits</source>
        <translation>Tendencias de análisis y calambres a lo largo de las visitas del paciente</translation>
    </message>
    <message>
        <source>Type in the patient&apos;s cramp diary</source>
        <translation>Anotar el diario de calambres del paciente</translation>
    </message>
    <message>
        <source>Print the document on screen</source>
        <translation>Imprimir el documento en pantalla</translation>
    </message>
    <message>
        <source>Import a laboratory&apos;s results file (HL7 v2 or FHIR)</source>
        <translation>Importar un archivo de resultados de un laboratorio (HL7 v2 o FHIR)</translation>
    </message>
    <message>
        <source>Quit Clinic Desktop</source>
        <translation>Salir de Clinic Desktop</translation>
    </message>
    <message>
        <source>Register a new patient</source>
        <translation>Registrar un paciente nuevo</translation>
    </message>
    <message>
        <source>Save the document on screen as a PDF file</source>
        <translation>Guardar el documento en pantalla como archivo PDF</translation>
    </message>
    <message>
        <source>Start a new assessment of the open patient</source>
        <translation>Empezar una evaluación nueva del paciente abierto</translation>
    </message>
    <message>
        <source>This user guide</source>
        <translation>Esta guía de uso</translation>
    </message>
</context>
<context>
    <name>SignDialog</name>
    <message>
        <source>Sign the visit</source>
        <translation>Firmar la visita</translation>
    </message>
    <message>
        <source>You sign the assessment and care plan of {0} as {1}.</source>
        <translation>Firma la evaluación y el plan de cuidados de {0} como {1}.</translation>
    </message>
    <message>
        <source>What will be signed</source>
        <translation>Lo que se firmará</translation>
    </message>
    <message>
        <source>Once signed, the visit is read-only (a correction is an amendment) and the care plan opens for printing.</source>
        <translation>Una vez firmada, la visita es de solo lectura (una corrección es una enmienda) y el plan de cuidados se abre para imprimirlo.</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Contraseña</translation>
    </message>
    <message>
        <source>Sign and &amp;print…</source>
        <translation>Firmar e &amp;imprimir…</translation>
    </message>
    <message>
        <source>&amp;Sign only</source>
        <translation>&amp;Solo firmar</translation>
    </message>
    <message>
        <source>Signing needs a signed-in clinician.</source>
        <translation>Para firmar hace falta un clínico con la sesión iniciada.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Still missing (signing is not possible yet):</source>
        <translation>Falta todavía (aún no se puede firmar):</translation>
    </message>
    <message>
        <source>No dose written (the printed plan will say that you will give it):</source>
        <translation>Sin dosis escrita (el plan impreso dirá que usted la dará):</translation>
    </message>
    <message>
        <source>Not complete (signed as recorded):</source>
        <translation>Sin completar (se firma tal como está):</translation>
    </message>
    <message>
        <source>Red flags acknowledged:</source>
        <translation>Signos de alarma reconocidos:</translation>
    </message>
    <message>
        <source>Lab tests ordered:</source>
        <translation>Análisis solicitados:</translation>
    </message>
    <message>
        <source>Results entered:</source>
        <translation>Resultados anotados:</translation>
    </message>
    <message>
        <source>Care plan ({0}), {1} items:</source>
        <translation>Plan de cuidados ({0}), {1} puntos:</translation>
    </message>
    <message>
        <source>Dose: {0}</source>
        <translation>Dosis: {0}</translation>
    </message>
    <message>
        <source>That is not your password; nothing was signed. After five wrong tries the account is locked for a while.</source>
        <translation>Esa no es su contraseña; no se ha firmado nada. Tras cinco intentos fallidos la cuenta se bloquea un tiempo.</translation>
    </message>
</context>
<context>
    <name>StepSidebar</name>
    <message>
        <source>Steps of the visit</source>
        <translation>Pasos de la consulta</translation>
    </message>
    <message>
        <source>✓ complete</source>
        <translation>✓ completo</translation>
    </message>
    <message>
        <source>◐ partial</source>
        <translation>◐ parcial</translation>
    </message>
    <message>
        <source>○ not started</source>
        <translation>○ sin empezar</translation>
    </message>
</context>
<context>
    <name>TrendsDialog</name>
    <message>
        <source>Trends across visits</source>
        <translation>Tendencias a lo largo de las visitas</translation>
    </message>
    <message>
        <source>Measures</source>
        <translation>Medidas</translation>
    </message>
    <message>
        <source>&amp;Measure:</source>
        <translation>&amp;Medida:</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>As recorded</source>
        <translation>Tal como se registró</translation>
    </message>
    <message>
        <source>Drawn as</source>
        <translation>Dibujado como</translation>
    </message>
    <message>
        <source>Against the band</source>
        <translation>Respecto al intervalo</translation>
    </message>
    <message>
        <source>Trend as a table</source>
        <translation>Tendencia en forma de tabla</translation>
    </message>
    <message>
        <source>Nothing recorded yet to draw a trend of.</source>
        <translation>Aún no hay nada registrado para dibujar una tendencia.</translation>
    </message>
    <message>
        <source>Circle: inside the reference band (hatched). Triangle up: above it. Triangle down: below it.</source>
        <translation>Círculo: dentro del intervalo de referencia (rayado). Triángulo hacia arriba: por encima. Triángulo hacia abajo: por debajo.</translation>
    </message>
    <message>
        <source>Cramp episodes per week</source>
        <translation>Episodios de calambre por semana</translation>
    </message>
    <message>
        <source>Episode length (seconds)</source>
        <translation>Duración del episodio (segundos)</translation>
    </message>
    <message>
        <source>Pain (0-10)</source>
        <translation>Dolor (0-10)</translation>
    </message>
    <message>
        <source>Penn spasm frequency (0-4)</source>
        <translation>Frecuencia de espasmos de Penn (0-4)</translation>
    </message>
    <message>
        <source>Diary: cramps written down per week</source>
        <translation>Diario: calambres anotados por semana</translation>
    </message>
    <message>
        <source>Diary: mean intensity per week (0-10)</source>
        <translation>Diario: intensidad media por semana (0-10)</translation>
    </message>
    <message>
        <source>inside</source>
        <translation>dentro</translation>
    </message>
    <message>
        <source>above</source>
        <translation>por encima</translation>
    </message>
    <message>
        <source>below</source>
        <translation>por debajo</translation>
    </message>
    <message>
        <source>no band</source>
        <translation>sin intervalo</translation>
    </message>
    <message>
        <source> — band {0} to {1}</source>
        <translation> — intervalo de {0} a {1}</translation>
    </message>
</context>
<context>
    <name>UserGuideDialog</name>
    <message>
        <source>Clinic Desktop user guide</source>
        <translation>Guía de uso de Clinic Desktop</translation>
    </message>
    <message>
        <source>Everywhere</source>
        <translation>En todas partes</translation>
    </message>
    <message>
        <source>Patient list</source>
        <translation>Lista de pacientes</translation>
    </message>
    <message>
        <source>During a visit</source>
        <translation>Durante una visita</translation>
    </message>
    <message>
        <source>A document on screen (care plan, requisition)</source>
        <translation>Un documento en pantalla (plan de cuidados, solicitud)</translation>
    </message>
    <message>
        <source>Find the patient: type part of the name, the MRN or the date of birth.</source>
        <translation>Busque al paciente: escriba parte del nombre, el n.º de historia o la fecha de nacimiento.</translation>
    </message>
    <message>
        <source>A click shows the patient and their visits; Enter or a double click opens the patient, and New assessment starts the visit.</source>
        <translation>Un clic muestra al paciente y sus visitas; Intro o un doble clic abre al paciente, y Nueva evaluación empieza la visita.</translation>
    </message>
    <message>
        <source>Go through the steps on the left. Each step saves as you type; a step can hold a note of its own.</source>
        <translation>Recorra los pasos de la izquierda. Cada paso se guarda mientras escribe; cada paso admite una nota propia.</translation>
    </message>
    <message>
        <source>Sign: the window shows what will be signed and asks for your password. A signed visit is read-only; a correction is an amendment.</source>
        <translation>Firmar: la ventana muestra lo que se firmará y pide su contraseña. Una visita firmada es de solo lectura; una corrección es una enmienda.</translation>
    </message>
    <message>
        <source>Print the care plan in the patient&apos;s language, or save it as a PDF file.</source>
        <translation>Imprima el plan de cuidados en el idioma del paciente o guárdelo como archivo PDF.</translation>
    </message>
    <message>
        <source>A visit, step by step</source>
        <translation>Una visita, paso a paso</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>An underlined letter in a button or menu is its key: hold Alt and press the letter (Alt+N for Next). Tab and Shift+Tab move between fields; Space ticks a box or presses a button; Enter presses the button that has the focus.</source>
        <translation>Una letra subrayada en un botón o un menú es su tecla: mantenga Alt y pulse la letra (Alt+S para Siguiente). Tab y Mayús+Tab pasan de un campo a otro; Espacio marca una casilla o pulsa un botón; Intro pulsa el botón que tiene el foco.</translation>
    </message>
</context>
<context>
    <name>UsersWidget</name>
    <message>
        <source>Users</source>
        <translation>Usuarios</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Función</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>Add user</source>
        <translation>Añadir usuario</translation>
    </message>
    <message>
        <source>Full name</source>
        <translation>Nombre completo</translation>
    </message>
    <message>
        <source>First password</source>
        <translation>Contraseña inicial</translation>
    </message>
    <message>
        <source>New user</source>
        <translation>Usuario nuevo</translation>
    </message>
    <message>
        <source>May sign in</source>
        <translation>Puede iniciar sesión</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Aplicar</translation>
    </message>
    <message>
        <source>Selected user</source>
        <translation>Usuario seleccionado</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>You cannot take away your own administrator role.</source>
        <translation>No puede quitarse a sí mismo la función de administrador.</translation>
    </message>
</context>
<context>
    <name>VascularPage</name>
    <message>
        <source>Vascular</source>
        <translation>Vascular</translation>
    </message>
    <message>
        <source>Left leg</source>
        <translation>Pierna izquierda</translation>
    </message>
    <message>
        <source>Right leg</source>
        <translation>Pierna derecha</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Izquierda</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Derecha</translation>
    </message>
    <message>
        <source>{0} {1} systolic</source>
        <translation>{0} {1} sistólica</translation>
    </message>
    <message>
        <source>Systolic pressures (mmHg) and ankle-brachial index</source>
        <translation>Presiones sistólicas (mmHg) e índice tobillo-brazo</translation>
    </message>
    <message>
        <source>Arm (brachial)</source>
        <translation>Brazo (braquial)</translation>
    </message>
    <message>
        <source>Brachial {0} systolic</source>
        <translation>Sistólica braquial {0}</translation>
    </message>
    <message>
        <source>Leg</source>
        <translation>Pierna</translation>
    </message>
    <message>
        <source>Dorsalis pedis</source>
        <translation>Pedia</translation>
    </message>
    <message>
        <source>Posterior tibial</source>
        <translation>Tibial posterior</translation>
    </message>
    <message>
        <source>ABI</source>
        <translation>ITB</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Pulses (0 absent, 1 reduced, 2 normal, 3 bounding)</source>
        <translation>Pulsos (0 ausente, 1 disminuido, 2 normal, 3 saltón)</translation>
    </message>
    <message>
        <source>Artery</source>
        <translation>Arteria</translation>
    </message>
    <message>
        <source>Pulse {0} {1}</source>
        <translation>Pulso {0} {1}</translation>
    </message>
    <message>
        <source>All pulses normal (2)</source>
        <translation>Todos los pulsos normales (2)</translation>
    </message>
    <message>
        <source>Perfusion and symptoms</source>
        <translation>Perfusión y síntomas</translation>
    </message>
    <message>
        <source>Capillary refill (seconds)</source>
        <translation>Relleno capilar (segundos)</translation>
    </message>
    <message>
        <source>Claudication</source>
        <translation>Claudicación</translation>
    </message>
    <message>
        <source>needs brachial and ankle pressures</source>
        <translation>requiere presiones braquial y de tobillo</translation>
    </message>
</context>
<context>
    <name>VisitBanner</name>
    <message>
        <source>Care plan &amp;PDF…</source>
        <translation>&amp;PDF del plan de cuidados…</translation>
    </message>
    <message>
        <source>Lab &amp;requisition…</source>
        <translation>Solicitud de aná&amp;lisis…</translation>
    </message>
    <message>
        <source>Visit su&amp;mmary…</source>
        <translation>Resu&amp;men de la visita…</translation>
    </message>
    <message>
        <source>The visit&apos;s record for the file or a colleague</source>
        <translation>El registro de la visita para la historia o un colega</translation>
    </message>
    <message>
        <source>Referral le&amp;tter…</source>
        <translation>Ca&amp;rta de derivación…</translation>
    </message>
    <message>
        <source>A letter to each service a red flag names</source>
        <translation>Una carta a cada servicio que nombra una señal de alarma</translation>
    </message>
    <message>
        <source>No red flag of this visit names a referral</source>
        <translation>Ninguna señal de alarma de esta visita nombra una derivación</translation>
    </message>
    <message>
        <source>{0} y</source>
        <translation>{0} años</translation>
    </message>
    <message>
        <source>MRN {0}</source>
        <translation>N.º de historia {0}</translation>
    </message>
    <message>
        <source>born {0}</source>
        <translation>nac. {0}</translation>
    </message>
    <message>
        <source>visit {0}</source>
        <translation>visita {0}</translation>
    </message>
</context>
<context>
    <name>VisitNotice</name>
    <message>
        <source>Reason for the amendment</source>
        <translation>Motivo de la enmienda</translation>
    </message>
    <message>
        <source>Amend</source>
        <translation>Enmendar</translation>
    </message>
    <message>
        <source>A reason is required to amend</source>
        <translation>Para enmendar hace falta un motivo</translation>
    </message>
</context>
<context>
    <name>VisitTableModel</name>
    <message>
        <source>Last saved</source>
        <translation>Último guardado</translation>
    </message>
    <message>
        <source>Signed by</source>
        <translation>Firmada por</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Visit date</source>
        <translation>Fecha de la visita</translation>
    </message>
</context>
<context>
    <name>VisitView</name>
    <message>
        <source>History</source>
        <translation>Anamnesis</translation>
    </message>
    <message>
        <source>Examination</source>
        <translation>Exploración neuromuscular</translation>
    </message>
    <message>
        <source>Labs</source>
        <translation>Análisis de laboratorio</translation>
    </message>
    <message>
        <source>Hormonal review</source>
        <translation>Revisión hormonal</translation>
    </message>
    <message>
        <source>Vascular</source>
        <translation>Vascular</translation>
    </message>
    <message>
        <source>Medications</source>
        <translation>Medicación</translation>
    </message>
    <message>
        <source>Care plan</source>
        <translation>Plan de cuidados</translation>
    </message>
    <message>
        <source>&lt; &amp;Back</source>
        <translation>&lt; A&amp;trás</translation>
    </message>
    <message>
        <source>&amp;Next &gt;</source>
        <translation>&amp;Siguiente &gt;</translation>
    </message>
    <message>
        <source>&amp;Sign…</source>
        <translation>&amp;Firmar…</translation>
    </message>
    <message>
        <source>Shows what will be signed and asks for your password</source>
        <translation>Muestra lo que se firmará y pide su contraseña</translation>
    </message>
    <message>
        <source>C&amp;ompare…</source>
        <translation>C&amp;omparar…</translation>
    </message>
    <message>
        <source>This visit beside the previous one (Ctrl+Shift+C)</source>
        <translation>Esta visita junto a la anterior (Ctrl+Mayús+C)</translation>
    </message>
    <message>
        <source>Tren&amp;ds…</source>
        <translation>Ten&amp;dencias…</translation>
    </message>
    <message>
        <source>Labs and cramps across the patient&apos;s visits (Ctrl+Shift+T)</source>
        <translation>Análisis y calambres a lo largo de las visitas (Ctrl+Mayús+T)</translation>
    </message>
    <message>
        <source>Cramp diar&amp;y…</source>
        <translation>Diario de calam&amp;bres…</translation>
    </message>
    <message>
        <source>Type in the patient&apos;s cramp diary (Ctrl+Shift+D)</source>
        <translation>Anotar el diario de calambres del paciente (Ctrl+Mayús+D)</translation>
    </message>
    <message>
        <source>Amendment: the signed original is kept unchanged; sign this version when done.</source>
        <translation>Enmienda: el original firmado se conserva sin cambios; firme esta versión al terminar.</translation>
    </message>
    <message>
        <source>Signed by {0} on {1}. Read-only: corrections go into an amendment.</source>
        <translation>Firmada por {0} el {1}. Solo lectura: las correcciones van en una enmienda.</translation>
    </message>
    <message>
        <source>This version was amended; it is kept as it was signed. Open the latest version to edit.</source>
        <translation>Esta versión fue enmendada; se conserva tal como se firmó. Abra la última versión para editar.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Draft saved {0}</source>
        <translation>Borrador guardado {0}</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Sin guardar</translation>
    </message>
    <message>
        <source>The draft could not be saved: {0}. Keep this window open and try again.</source>
        <translation>No se ha podido guardar el borrador: {0}. Mantenga esta ventana abierta e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Someone else saved this assessment after you opened it. Nothing was overwritten; your latest changes here are not saved. Close and reopen the assessment to continue.</source>
        <translation>Otra persona guardó esta evaluación después de que usted la abriera. No se ha sobrescrito nada; sus últimos cambios aquí no se han guardado. Cierre y vuelva a abrir la evaluación para continuar.</translation>
    </message>
    <message>
        <source>Red flag</source>
        <translation>Señal de alarma</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>Hallazgo</translation>
    </message>
    <message>
        <source>Plan item</source>
        <translation>Punto del plan</translation>
    </message>
</context>
<context>
    <name>WizardPage</name>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>Nota: {0}</translation>
    </message>
    <message>
        <source>What the fields above do not say</source>
        <translation>Lo que los campos de arriba no dicen</translation>
    </message>
    <message>
        <source>A note holds at most {0} characters. What was just typed or pasted would have made it {1}, so it was not added; the note is as it was before.</source>
        <translation>Una nota admite como máximo {0} caracteres. Lo que acaba de escribir o pegar la habría llevado a {1}, así que no se añadió; la nota sigue como estaba.</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>— not assessed</source>
        <translation>— no valorado</translation>
    </message>
    <message>
        <source>None of these</source>
        <translation>Ninguno de estos</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>None found</source>
        <translation>No se encontró ninguno</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>Quitar lo seleccionado</translation>
    </message>
    <message>
        <source>The value is right as typed: use it (the visit keeps that you said so)</source>
        <translation>El valor es correcto tal como está escrito: úselo (la visita guarda que usted lo confirmó)</translation>
    </message>
    <message>
        <source>Use {0}</source>
        <translation>Usar {0}</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>any modality</source>
        <translation>cualquier modalidad</translation>
    </message>
    <message>
        <source>side?</source>
        <translation>¿lado?</translation>
    </message>
    <message>
        <source>{0} is right</source>
        <translation>{0} es correcto</translation>
    </message>
    <message>
        <source>{0} side</source>
        <translation>{0}: lado</translation>
    </message>
    <message>
        <source>{0} site</source>
        <translation>{0}: localización</translation>
    </message>
    <message>
        <source>{0}: give a whole number</source>
        <translation>{0}: escriba un número entero</translation>
    </message>
    <message>
        <source>{0}: must be between {1:g} and {2:g}</source>
        <translation>{0}: debe estar entre {1:g} y {2:g}</translation>
    </message>
    <message>
        <source>{0}: side</source>
        <translation>{0}: lado</translation>
    </message>
    <message>
        <source>{0}: “{1}” is not a number</source>
        <translation>{0}: «{1}» no es un número</translation>
    </message>
</context>
<context>
    <name>vocabulary</name>
    <message>
        <source>Abdomen</source>
        <translation>Abdomen</translation>
    </message>
    <message>
        <source>Abnormal</source>
        <translation>Anormal</translation>
    </message>
    <message>
        <source>Achilles</source>
        <translation>Aquíleo</translation>
    </message>
    <message>
        <source>Albumin</source>
        <translation>Albúmina</translation>
    </message>
    <message>
        <source>Alcohol use disorder</source>
        <translation>Trastorno por consumo de alcohol</translation>
    </message>
    <message>
        <source>Ankle dorsiflexors</source>
        <translation>Flexores dorsales del tobillo</translation>
    </message>
    <message>
        <source>Ankle plantarflexors</source>
        <translation>Flexores plantares del tobillo</translation>
    </message>
    <message>
        <source>Anxiety</source>
        <translation>Ansiedad</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Espalda</translation>
    </message>
    <message>
        <source>Biceps</source>
        <translation>Bíceps</translation>
    </message>
    <message>
        <source>Bilateral</source>
        <translation>Bilateral</translation>
    </message>
    <message>
        <source>Bladder or bowel change</source>
        <translation>Alteración vesical o intestinal</translation>
    </message>
    <message>
        <source>Borderline</source>
        <translation>Límite</translation>
    </message>
    <message>
        <source>Brachioradialis</source>
        <translation>Braquiorradial</translation>
    </message>
    <message>
        <source>Breathlessness</source>
        <translation>Disnea</translation>
    </message>
    <message>
        <source>Calcium</source>
        <translation>Calcio</translation>
    </message>
    <message>
        <source>Calf</source>
        <translation>Pantorrilla</translation>
    </message>
    <message>
        <source>Care plan</source>
        <translation>Plan de cuidados</translation>
    </message>
    <message>
        <source>Chronic kidney disease</source>
        <translation>Enfermedad renal crónica</translation>
    </message>
    <message>
        <source>Cirrhosis</source>
        <translation>Cirrosis</translation>
    </message>
    <message>
        <source>Cold</source>
        <translation>Frío</translation>
    </message>
    <message>
        <source>Cold intolerance</source>
        <translation>Intolerancia al frío</translation>
    </message>
    <message>
        <source>Corrected calcium</source>
        <translation>Calcio corregido</translation>
    </message>
    <message>
        <source>Cortisol (morning)</source>
        <translation>Cortisol (matutino)</translation>
    </message>
    <message>
        <source>Creatine kinase</source>
        <translation>Creatina cinasa</translation>
    </message>
    <message>
        <source>Creatinine</source>
        <translation>Creatinina</translation>
    </message>
    <message>
        <source>Daytime fatigue</source>
        <translation>Fatiga diurna</translation>
    </message>
    <message>
        <source>Dehydration</source>
        <translation>Deshidratación</translation>
    </message>
    <message>
        <source>Diabetes</source>
        <translation>Diabetes</translation>
    </message>
    <message>
        <source>Dizziness on standing</source>
        <translation>Mareo al ponerse de pie</translation>
    </message>
    <message>
        <source>Dorsalis pedis</source>
        <translation>Pedia</translation>
    </message>
    <message>
        <source>Dysphagia or dysarthria</source>
        <translation>Disfagia o disartria</translation>
    </message>
    <message>
        <source>Dystonia</source>
        <translation>Distonía</translation>
    </message>
    <message>
        <source>Elbow extensors</source>
        <translation>Extensores del codo</translation>
    </message>
    <message>
        <source>Elbow flexors</source>
        <translation>Flexores del codo</translation>
    </message>
    <message>
        <source>Emergency</source>
        <translation>Emergencia</translation>
    </message>
    <message>
        <source>Emergency department</source>
        <translation>Servicio de urgencias</translation>
    </message>
    <message>
        <source>En</source>
        <translation>Inglés</translation>
    </message>
    <message>
        <source>Endocrinology</source>
        <translation>Endocrinología</translation>
    </message>
    <message>
        <source>Equivocal</source>
        <translation>Indeterminada</translation>
    </message>
    <message>
        <source>Es</source>
        <translation>Español</translation>
    </message>
    <message>
        <source>Examination</source>
        <translation>Exploración</translation>
    </message>
    <message>
        <source>Exercise</source>
        <translation>Ejercicio</translation>
    </message>
    <message>
        <source>Extensor</source>
        <translation>Extensora</translation>
    </message>
    <message>
        <source>Face</source>
        <translation>Cara</translation>
    </message>
    <message>
        <source>Fasciculations</source>
        <translation>Fasciculaciones</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Mujer</translation>
    </message>
    <message>
        <source>Femoral</source>
        <translation>Femoral</translation>
    </message>
    <message>
        <source>Finger abductors</source>
        <translation>Abductores de los dedos</translation>
    </message>
    <message>
        <source>Finger flexors</source>
        <translation>Flexores de los dedos</translation>
    </message>
    <message>
        <source>Flexor</source>
        <translation>Flexora</translation>
    </message>
    <message>
        <source>Folate</source>
        <translation>Folato</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>Seguimiento</translation>
    </message>
    <message>
        <source>Foot</source>
        <translation>Pie</translation>
    </message>
    <message>
        <source>Forearm</source>
        <translation>Antebrazo</translation>
    </message>
    <message>
        <source>Free T4</source>
        <translation>T4 libre</translation>
    </message>
    <message>
        <source>Glucose</source>
        <translation>Glucosa</translation>
    </message>
    <message>
        <source>Great toe extensors</source>
        <translation>Extensores del primer dedo del pie</translation>
    </message>
    <message>
        <source>Hand</source>
        <translation>Mano</translation>
    </message>
    <message>
        <source>HbA1c</source>
        <translation>HbA1c</translation>
    </message>
    <message>
        <source>Heat</source>
        <translation>Calor</translation>
    </message>
    <message>
        <source>Heat intolerance</source>
        <translation>Intolerancia al calor</translation>
    </message>
    <message>
        <source>Heaviness</source>
        <translation>Pesadez</translation>
    </message>
    <message>
        <source>Hip extensors</source>
        <translation>Extensores de la cadera</translation>
    </message>
    <message>
        <source>Hip flexors</source>
        <translation>Flexores de la cadera</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Anamnesis</translation>
    </message>
    <message>
        <source>Hormonal</source>
        <translation>Hormonal</translation>
    </message>
    <message>
        <source>Hyperthyroidism</source>
        <translation>Hipertiroidismo</translation>
    </message>
    <message>
        <source>Hypothyroidism</source>
        <translation>Hipotiroidismo</translation>
    </message>
    <message>
        <source>Ionized calcium</source>
        <translation>Calcio iónico</translation>
    </message>
    <message>
        <source>Knee extensors</source>
        <translation>Extensores de la rodilla</translation>
    </message>
    <message>
        <source>Knee flexors</source>
        <translation>Flexores de la rodilla</translation>
    </message>
    <message>
        <source>Knotting</source>
        <translation>Sensación de nudo</translation>
    </message>
    <message>
        <source>Labs</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Izquierda</translation>
    </message>
    <message>
        <source>Lifestyle</source>
        <translation>Estilo de vida</translation>
    </message>
    <message>
        <source>Light touch</source>
        <translation>Tacto fino</translation>
    </message>
    <message>
        <source>Limited range of motion</source>
        <translation>Movilidad limitada</translation>
    </message>
    <message>
        <source>Lingering pain</source>
        <translation>Dolor persistente</translation>
    </message>
    <message>
        <source>Localized pain</source>
        <translation>Dolor localizado</translation>
    </message>
    <message>
        <source>Lumbar spinal stenosis</source>
        <translation>Estenosis de canal lumbar</translation>
    </message>
    <message>
        <source>Magnesium</source>
        <translation>Magnesio</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Hombre</translation>
    </message>
    <message>
        <source>Medication review</source>
        <translation>Revisión de la medicación</translation>
    </message>
    <message>
        <source>Medications</source>
        <translation>Medicamentos</translation>
    </message>
    <message>
        <source>Multiple sclerosis</source>
        <translation>Esclerosis múltiple</translation>
    </message>
    <message>
        <source>Neck</source>
        <translation>Cuello</translation>
    </message>
    <message>
        <source>Nephrology</source>
        <translation>Nefrología</translation>
    </message>
    <message>
        <source>Neurology</source>
        <translation>Neurología</translation>
    </message>
    <message>
        <source>Night rest</source>
        <translation>Descanso nocturno</translation>
    </message>
    <message>
        <source>Nocturnal leg cramps</source>
        <translation>Calambres nocturnos en las piernas</translation>
    </message>
    <message>
        <source>Noncompressible</source>
        <translation>No compresible</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>Obstetrics</source>
        <translation>Obstetricia</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>Palpitations</source>
        <translation>Palpitaciones</translation>
    </message>
    <message>
        <source>Parathyroidectomy</source>
        <translation>Paratiroidectomía</translation>
    </message>
    <message>
        <source>Parkinsons disease</source>
        <translation>Enfermedad de Parkinson</translation>
    </message>
    <message>
        <source>Patellar</source>
        <translation>Rotuliano</translation>
    </message>
    <message>
        <source>Peripheral artery disease</source>
        <translation>Enfermedad arterial periférica</translation>
    </message>
    <message>
        <source>Phosphate</source>
        <translation>Fosfato</translation>
    </message>
    <message>
        <source>Physiotherapy</source>
        <translation>Fisioterapia</translation>
    </message>
    <message>
        <source>Pinprick</source>
        <translation>Pinchazo</translation>
    </message>
    <message>
        <source>Popliteal</source>
        <translation>Poplítea</translation>
    </message>
    <message>
        <source>Posterior tibial</source>
        <translation>Tibial posterior</translation>
    </message>
    <message>
        <source>Potassium</source>
        <translation>Potasio</translation>
    </message>
    <message>
        <source>Primary care</source>
        <translation>Atención primaria</translation>
    </message>
    <message>
        <source>Prolonged posture</source>
        <translation>Postura mantenida</translation>
    </message>
    <message>
        <source>Proprioception</source>
        <translation>Propiocepción</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>Derivaciones</translation>
    </message>
    <message>
        <source>Repetitive strain</source>
        <translation>Esfuerzo repetitivo</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Derecha</translation>
    </message>
    <message>
        <source>Saddle numbness</source>
        <translation>Anestesia en silla de montar</translation>
    </message>
    <message>
        <source>Salt craving</source>
        <translation>Avidez por la sal</translation>
    </message>
    <message>
        <source>Shoulder</source>
        <translation>Hombro</translation>
    </message>
    <message>
        <source>Shoulder abductors</source>
        <translation>Abductores del hombro</translation>
    </message>
    <message>
        <source>Skeletal cramps</source>
        <translation>Calambres musculares</translation>
    </message>
    <message>
        <source>Sleep disruption</source>
        <translation>Alteración del sueño</translation>
    </message>
    <message>
        <source>Smoker</source>
        <translation>Fumador</translation>
    </message>
    <message>
        <source>Sodium</source>
        <translation>Sodio</translation>
    </message>
    <message>
        <source>Soon</source>
        <translation>Preferente</translation>
    </message>
    <message>
        <source>Spasticity</source>
        <translation>Espasticidad</translation>
    </message>
    <message>
        <source>Spinal cord injury</source>
        <translation>Lesión medular</translation>
    </message>
    <message>
        <source>Stress</source>
        <translation>Estrés</translation>
    </message>
    <message>
        <source>Stridor or dysphonia</source>
        <translation>Estridor o disfonía</translation>
    </message>
    <message>
        <source>Stroke</source>
        <translation>Ictus</translation>
    </message>
    <message>
        <source>Supplements</source>
        <translation>Suplementos</translation>
    </message>
    <message>
        <source>TSH</source>
        <translation>TSH</translation>
    </message>
    <message>
        <source>Thigh</source>
        <translation>Muslo</translation>
    </message>
    <message>
        <source>Thyroidectomy</source>
        <translation>Tiroidectomía</translation>
    </message>
    <message>
        <source>Tingling or numbness</source>
        <translation>Hormigueo o entumecimiento</translation>
    </message>
    <message>
        <source>Triceps</source>
        <translation>Tríceps</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Desconocido</translation>
    </message>
    <message>
        <source>Upper arm</source>
        <translation>Brazo</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgente</translation>
    </message>
    <message>
        <source>Vascular</source>
        <translation>Vascular</translation>
    </message>
    <message>
        <source>Vibration</source>
        <translation>Vibración</translation>
    </message>
    <message>
        <source>Visible twitching</source>
        <translation>Contracciones visibles</translation>
    </message>
    <message>
        <source>Vitamin B12</source>
        <translation>Vitamina B12</translation>
    </message>
    <message>
        <source>Vitamin D (25-OH)</source>
        <translation>Vitamina D (25-OH)</translation>
    </message>
    <message>
        <source>Weakness</source>
        <translation>Debilidad</translation>
    </message>
    <message>
        <source>Weight change</source>
        <translation>Cambio de peso</translation>
    </message>
    <message>
        <source>Wrist extensors</source>
        <translation>Extensores de la muñeca</translation>
    </message>
    <message>
        <source>eGFR</source>
        <translation>FGe</translation>
    </message>
</context>
</TS>
